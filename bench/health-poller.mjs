// Polls URL/health back to back, from a process of its own (so that what the sender of a large request does
// in its own process is not counted), until a line arrives on stdin; then prints the longest answer and the count.
const url = process.argv[2];
let stop = false;
let maxMs = 0;
let checks = 0;
process.stdin.once('data', () => {
  stop = true;
});
while (!stop) {
  const started = performance.now();
  const response = await fetch(`${url}/health`);
  await response.arrayBuffer();
  // The first check (before the measured request starts) pays for the connection and the compiler.
  if (checks > 0) maxMs = Math.max(maxMs, performance.now() - started);
  checks += 1;
  if (checks === 1) process.stderr.write('polling\n');
}
process.stdout.write(`${JSON.stringify({ maxMs, checks })}\n`);
process.exit(0);
