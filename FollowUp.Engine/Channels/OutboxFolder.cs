using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Channels;

/// <summary>The outbox folder, shared by the email and SMS outbox channels.</summary>
/// <remarks>Files are named after the send key, which lets a channel tell afterwards whether a send happened.</remarks>
public sealed class OutboxFolder(IOptions<FollowUpOptions> options)
{
    /// <summary>The full path of the folder.</summary>
    public string Root => Path.GetFullPath(options.Value.Outbox.Path);

    /// <summary>The path of the file for a send.</summary>
    public string PathOf(SendKey key, string extension) => Path.Combine(Root, $"{key.EnrollmentId}_{key.StepId}{extension}");

    /// <summary>Deletes the files of every send of <paramref name="sendId"/> (an enrollment id), or of its step <paramref name="stepId"/> only; returns how many there were.</summary>
    public int Remove(string sendId, string? stepId = null)
    {
        if (!Directory.Exists(Root))
        {
            return 0;
        }

        var count = 0;
        foreach (var file in Directory.EnumerateFiles(Root, $"{sendId}_{stepId ?? ""}*"))
        {
            if (stepId is null || Path.GetFileNameWithoutExtension(file) == $"{sendId}_{stepId}")
            {
                File.Delete(file);
                count++;
            }
        }

        return count;
    }

    /// <summary>Writes the file through a temporary name and a rename, so that a reader never sees a partial file.</summary>
    public async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Root);
        var temporary = path + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            await write(stream, cancellationToken);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
