using System.CommandLine;
using System.Globalization;
using Ariadne.Core.ImportExport;
using Ariadne.Core.Protection;

namespace Ariadne.Cli;

/// <summary><c>ariadne keys new|status|rotate</c>: the master keys that protect identifying data.</summary>
public static class KeysCommand
{
    public static Command Create()
    {
        var keys = new Command("keys", "Master keys that protect identifying data (ARIADNE_MASTER_KEYS or ARIADNE_MASTER_KEY_FILE; the last key is active).");

        var id = new Option<string?>("--id") { Description = "Id of the new key (letters, digits, '.', '_', '-'); default k + the UTC time, yyyyMMddHHmm." };
        var create = new Command("new", "Print a new random key entry (id:base64) to append to the key list. Nothing is stored.") { id };
        create.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, session =>
        {
            // The default id reads the clock of the services (no database is opened), so that a test can fix it.
            var keyId = parseResult.GetValue(id)
                ?? "k" + session.HostServices.GetRequiredService<TimeProvider>().GetUtcNow().ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);
            var entry = MasterKeyRing.NewEntry(keyId);
            // Validates the id; the ring itself is thrown away.
            MasterKeyRing.Parse(entry, "--id");
            Console.WriteLine(entry);
            return Task.FromResult(0);
        }));
        keys.Subcommands.Add(create);

        var status = new Command("status",
            "Check every configured key against its check value in the database and by opening one key wrapped under it; show how many data keys each wraps. Exit 1 on a wrong or missing key.");
        status.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            // The ring is read here rather than from the services, whose first use refuses a ring that does not fit:
            // status reports every key instead of stopping at the first problem.
            var ring = MasterKeyRing.Load(session.Database, Environment.GetEnvironmentVariable, Console.Error);
            var services = await session.OpenAsync();
            var states = await MasterKeyStatus.InspectAsync(services, ring, cancellationToken);
            Console.WriteLine($"Configured master keys: {string.Join(", ", ring.KeyIds)} (active: {ring.ActiveKeyId}; blind indexes derive from the first, '{ring.KeyIds[0]}': never remove or reorder it).");
            foreach (var state in states)
            {
                if (state.KeyId == MasterKeyChecks.BlindIndexId)
                {
                    await Console.Error.WriteLineAsync($"ariadne: {state.Problem}");
                    continue;
                }
                var checks = !state.Configured ? "NOT CONFIGURED"
                    : (state.CheckValueStored ? "check value stored" : "no check value yet")
                        + (state.SampleOpened switch { true => ", a wrapped key opens", false => ", a wrapped key does NOT open", null => "" });
                var line = string.Create(CultureInfo.InvariantCulture, $"  {state.KeyId}: {state.DataKeys:N0} data keys; {checks}{(state.KeyId == ring.ActiveKeyId ? " (active)" : "")}");
                if (state.Problem is null)
                {
                    Console.WriteLine(line + "; OK");
                }
                else
                {
                    Console.WriteLine(line + "; FAILED");
                    await Console.Error.WriteLineAsync($"ariadne: {state.Problem}");
                }
            }
            return states.Any(s => s.Problem is not null) ? 1 : 0;
        }));
        keys.Subcommands.Add(status);

        var batchSize = new Option<int>("--batch-size") { Description = "Data keys per transaction.", DefaultValueFactory = _ => KeyRotation.DefaultBatchSize };
        var rotate = new Command("rotate", "Re-wrap every data key under the active (last) master key, in batches; the application may keep running. Older keys keep working until then.") { batchSize };
        rotate.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var ring = services.GetRequiredService<IKeyEncryptionKeyProvider>();
            // Refuses to start on a key that does not fit, and stores the check value of a new active key before any
            // data key is wrapped under it.
            await MasterKeyChecks.VerifyAsync(services, cancellationToken);
            var rotation = services.GetRequiredService<KeyRotation>();
            var progress = new InlineProgress<(int Done, int Total)>(p =>
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  re-wrapped {p.Done:N0} of {p.Total:N0}")));
            var done = await rotation.RotateAsync(parseResult.GetValue(batchSize), progress, cancellationToken);
            var keyRing = await rotation.ProtectKeyRingAsync(cancellationToken);
            if (keyRing > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{keyRing:N0} sign-in (Data Protection) keys re-encrypted under '{ring.ActiveKeyId}'."));
            }
            foreach (var (line, count) in await rotation.RotateDependentSecretsAsync(cancellationToken))
            {
                if (count > 0)
                {
                    Console.WriteLine(line);
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{done:N0} data keys re-wrapped; every data key is now wrapped under '{ring.ActiveKeyId}'. Older master keys may be removed once every copy of the database (backups included) is rotated or expired."));
            return 0;
        }));
        keys.Subcommands.Add(rotate);
        return keys;
    }
}
