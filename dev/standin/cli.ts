/**
 * Runs the Instantly stand-in as its own process:
 *   npx tsx dev/standin/cli.ts [--port N] [--key K ...] [--campaigns N] [--seed S] [--end-date D]
 * Prints one JSON line `{"url":"http://127.0.0.1:PORT"}` once listening; stops on SIGINT/SIGTERM,
 * and when the parent that spawned it with an IPC channel goes away.
 */
import { parseArgs } from 'node:util';
import { startStandin } from './server';
import { createSampleWorkspace } from './workspace';

function integerOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number)) throw new Error(`--${name} must be an integer, got "${value}"`);
  return number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      key: { type: 'string', multiple: true },
      campaigns: { type: 'string' },
      seed: { type: 'string' },
      'end-date': { type: 'string' },
    },
  });
  const campaigns = createSampleWorkspace({
    campaignCount: integerOption('campaigns', values.campaigns),
    seed: integerOption('seed', values.seed),
    endDate: values['end-date'],
  });
  const standin = await startStandin({
    port: integerOption('port', values.port),
    apiKeys: values.key,
    campaigns,
  });
  process.stdout.write(`${JSON.stringify({ url: standin.url })}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await standin.close();
    // An open IPC channel would keep the process alive.
    if (process.connected) process.disconnect();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Spawned with IPC (by the test helper): a parent that dies without stopping us must not leave
  // an orphan behind.
  if (process.connected) process.on('disconnect', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
