using System.Text;

namespace OciRegistry.Client.TestSupport.Registry;

/// <summary>Writes the htpasswd file distribution reads: one <c>name:bcrypt-hash</c> line per user.</summary>
internal static class HtpasswdFile
{
    // The lowest cost Go's bcrypt accepts: these passwords are throw-away and each start should stay fast.
    private const int WorkFactor = 4;

    public static void Write(string path, IEnumerable<RegistryUser> users)
    {
        var text = new StringBuilder();
        foreach (var user in users)
        {
            var salt = BCrypt.Net.BCrypt.GenerateSalt(WorkFactor, 'y');
            text.Append(user.Name).Append(':').Append(BCrypt.Net.BCrypt.HashPassword(user.Password, salt)).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }
}
