using System.CommandLine;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Cli.Options;

namespace OciRegistry.Client.Cli.Tests.Options;

public sealed class ImageOptionsTests
{
    private static readonly CliConsole Console = new(TextWriter.Null, TextWriter.Null, TextReader.Null);

    private static ImageAccess Read(params string[] args)
    {
        var options = new ImageOptions(string.Empty);
        var command = new Command("inspect") { new Argument<string>("IMAGE") };
        options.AddTo(command);
        var result = command.Parse(BooleanOption.NormalizeArguments(command, args));
        Assert.Empty(result.Errors);
        return options.Read(result, Console);
    }

    [Theory]
    [InlineData("creds and no-creds cannot be specified at the same time", "--creds", "u:p", "--no-creds")]
    [InlineData("username and no-creds cannot be specified at the same time", "--username", "u", "--password", "p", "--no-creds")]
    [InlineData("creds and username cannot be specified at the same time", "--creds", "u:p", "--username", "u", "--password", "p")]
    [InlineData("password must be specified when username is specified", "--username", "u")]
    [InlineData("username must be specified when password is specified", "--password", "p")]
    public void Conflicting_flags_fail_with_skopeos_message(string message, params string[] flags)
    {
        var error = Assert.Throws<CliUsageException>(() => Read([.. flags, "docker://x"]));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Creds_split_at_the_first_colon()
    {
        var access = Read("--creds", "user:pa:ss", "docker://x");
        Assert.Equal("user", access.Username);
        Assert.Equal("pa:ss", access.Password);
    }

    [Fact]
    public void Creds_without_a_password_and_no_terminal_fail()
    {
        var error = Assert.Throws<CliUsageException>(() => Read("--creds", "user", "docker://x"));
        Assert.Contains("password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Creds_without_a_password_prompt_on_a_terminal()
    {
        var prompt = new StringWriter();
        var console = new CliConsole(TextWriter.Null, prompt, new StringReader("secret\n"), InputIsTerminal: true);
        var (user, password) = ImageOptions.SplitCreds("user", console);
        Assert.Equal(("user", "secret"), (user, password));
        Assert.Equal("Password: ", prompt.ToString());
    }

    [Fact]
    public void Username_and_password_are_used()
    {
        var access = Read("--username", "u", "--password", "p", "docker://x");
        Assert.Equal(("u", "p"), (access.Username, access.Password));
        Assert.DoesNotContain("p,", access.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", access.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void No_creds_means_anonymous()
    {
        var access = Read("--no-creds", "docker://x");
        Assert.True(access.NoCreds);
        Assert.Null(access.Username);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(true, "--tls-verify")]
    [InlineData(true, "--tls-verify=true")]
    [InlineData(false, "--tls-verify=false")]
    [InlineData(false, "--tls-verify", "false")]
    [InlineData(true, "--tls-verify", "true")]
    [InlineData(false, "--tls-verify=0")]
    [InlineData(true, "--tls-verify=T")]
    [InlineData(false, "--tls-verify", "False")]
    public void Tls_verify_takes_every_boolean_form(bool? expected, params string[] flags)
    {
        var access = Read([.. flags, "docker://x"]);
        Assert.Equal(expected, access.TlsVerify);
    }

    [Fact]
    public void A_bare_boolean_flag_does_not_swallow_the_image_argument()
    {
        var options = new ImageOptions(string.Empty);
        var image = new Argument<string>("IMAGE");
        var command = new Command("inspect") { image };
        options.AddTo(command);
        var result = command.Parse(["--tls-verify", "docker://x"]);
        Assert.Empty(result.Errors);
        Assert.Equal("docker://x", result.GetValue(image));
        Assert.True(result.GetValue(options.TlsVerify));
    }

    [Fact]
    public void A_boolean_flag_with_a_non_boolean_value_is_an_error()
    {
        var options = new ImageOptions(string.Empty);
        var command = new Command("inspect") { new Argument<string>("IMAGE") };
        options.AddTo(command);
        var error = Assert.Throws<CliUsageException>(() => BooleanOption.NormalizeArguments(command, ["--tls-verify=maybe", "docker://x"]));
        Assert.Equal("invalid argument \"maybe\" for \"--tls-verify\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax", error.Message);
    }

    [Fact]
    public void Prefixed_flags_read_their_own_values_and_share_the_authfile()
    {
        var source = new ImageOptions("src-");
        var destination = new ImageOptions("dest-");
        var command = new Command("copy");
        source.AddTo(command);
        destination.AddTo(command);
        var result = command.Parse(["--src-creds", "a:b", "--dest-tls-verify=false", "--dest-authfile", "/d.json"]);
        Assert.Empty(result.Errors);
        var src = source.Read(result, Console, sharedAuthFile: "/shared.json");
        var dest = destination.Read(result, Console, sharedAuthFile: "/shared.json");
        Assert.Equal(("a", "b", "/shared.json", (bool?)null), (src.Username, src.Password, src.AuthFile, src.TlsVerify));
        Assert.Equal((null, "/d.json", (bool?)false), (dest.Username, dest.AuthFile, dest.TlsVerify));
    }
}
