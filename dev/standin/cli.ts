/**
 * Runs the Instantly stand-in as its own process:
 *   npx tsx dev/standin/cli.ts [--port N] [--key K ...] [--campaigns N] [--seed S] [--end-date D]
 *                              [--sample-workspaces] [--latency MS] [--no-rate-limit]
 *   --port N             listen on port N (default: a free port)
 *   --key K              an API key of the (first) workspace; repeatable (default: test-key, or
 *                        the sample workspaces' own keys with --sample-workspaces)
 *   --campaigns N        campaigns in the sample workspace (default 36)
 *   --seed S             seed of the sample workspace (default 1)
 *   --end-date D         last day of sample activity, YYYY-MM-DD (default: today, UTC)
 *   --sample-workspaces  serve the two sample workspaces (SAMPLE_WORKSPACES: names, keys, seeds)
 *                        instead of one; --campaigns and --seed do not apply
 *   --latency MS         every API response waits MS milliseconds (default 0)
 *   --no-rate-limit      no 100/second, 6,000/minute limit per workspace (on by default)
 * Prints one JSON line `{"url":"http://127.0.0.1:PORT"}` once listening; stops on SIGINT/SIGTERM,
 * and when the parent that spawned it with an IPC channel goes away.
 */
import { parseArgs } from 'node:util';
import { type StandinOptions, startStandin } from './server';
import { createSampleWorkspace, createSampleWorkspaces } from './workspace';

function integerOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number)) throw new Error(`--${name} must be an integer, got "${value}"`);
  return number;
}

type Values = ReturnType<typeof parseCommandLine>['values'];

function parseCommandLine() {
  return parseArgs({
    options: {
      port: { type: 'string' },
      key: { type: 'string', multiple: true },
      campaigns: { type: 'string' },
      seed: { type: 'string' },
      'end-date': { type: 'string' },
      'sample-workspaces': { type: 'boolean' },
      latency: { type: 'string' },
      'no-rate-limit': { type: 'boolean' },
    },
  });
}

/** One sample workspace, or the two sample workspaces; --key gives the first one its keys. */
function workspaceOptions(values: Values): StandinOptions {
  const endDate = values['end-date'];
  if (!values['sample-workspaces']) {
    const campaigns = createSampleWorkspace({
      campaignCount: integerOption('campaigns', values.campaigns),
      seed: integerOption('seed', values.seed),
      endDate,
    });
    return { apiKeys: values.key, campaigns };
  }
  const [first, ...others] = createSampleWorkspaces({ endDate });
  return { workspaces: [{ ...first, apiKeys: values.key ?? first.apiKeys }, ...others] };
}

async function main(): Promise<void> {
  const { values } = parseCommandLine();
  const standin = await startStandin({
    ...workspaceOptions(values),
    port: integerOption('port', values.port),
    latencyMs: integerOption('latency', values.latency),
    rateLimit: !values['no-rate-limit'],
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
