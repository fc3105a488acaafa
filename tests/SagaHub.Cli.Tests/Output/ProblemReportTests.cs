namespace SagaHub.Cli.Tests.Output;

public sealed class ProblemReportTests
{
    private static readonly Uri Base = new("http://127.0.0.1:5080/sagahub/");

    [Fact]
    public void Write_ValidationProblem_PrintsEachFieldAndReturnsRefused()
    {
        var lines = new List<string>();
        var answer = new ApiAnswer(400, """{"title":"The request is not valid.","status":400,"errors":{"reason":["Say why."],"dueAt":["Give a time.","In the future."]}}""");

        var code = ProblemReport.Write(answer, Base, lines.Add);

        Assert.Equal(ExitCodes.Refused, code);
        Assert.Equal(["error: 400 The request is not valid.", "  reason: Say why.", "  dueAt: Give a time.", "  dueAt: In the future."], lines);
    }

    [Fact]
    public void Write_ConflictWithAllowed_PrintsTheAllowedActionsAndReturnsConflict()
    {
        var lines = new List<string>();
        var answer = new ApiAnswer(409, """{"title":"Not allowed","detail":"MoveTo X: not allowed.","allowed":{"resume":[],"moveTo":["A","B"],"cancel":["Done"],"deadline":true}}""");

        var code = ProblemReport.Write(answer, Base, lines.Add);

        Assert.Equal(ExitCodes.Conflict, code);
        Assert.Equal(["error: 409 Not allowed", "  MoveTo X: not allowed.", "  allowed now: resume: none; move to: A, B; cancel: Done; deadline: fire-deadline or reschedule"], lines);
    }

    [Fact]
    public void Write_Unreachable_NamesTheAddressAndReturnsUnavailable()
    {
        var lines = new List<string>();

        var code = ProblemReport.Write(ApiAnswer.Unreachable("Connection refused"), Base, lines.Add);

        Assert.Equal(ExitCodes.Unavailable, code);
        Assert.Equal(["error: cannot reach the management API at http://127.0.0.1:5080/sagahub/: Connection refused"], lines);
    }

    [Fact]
    public void Write_BodyThatIsNotJson_PrintsAnExcerptOnOneLine()
    {
        var lines = new List<string>();

        var code = ProblemReport.Write(new ApiAnswer(502, "<html>\n<body>Bad gateway</body>\n</html>"), Base, lines.Add);

        Assert.Equal(ExitCodes.Unavailable, code);
        Assert.Equal(["error: 502 from http://127.0.0.1:5080/sagahub/", "  <html> <body>Bad gateway</body> </html>"], lines);
    }
}
