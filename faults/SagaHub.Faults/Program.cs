namespace SagaHub.Faults;

internal static class Program
{
    public static int Main() => 0;
}
