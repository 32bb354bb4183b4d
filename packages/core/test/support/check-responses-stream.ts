// Test support: the rules a Responses SSE stream must keep for Codex and the openai SDK, checked on our output.
// Throws on the first broken rule, naming the event.

export interface StreamEvent {
  type: string;
  sequence_number: number;
  [key: string]: any;
}

export interface CheckedStream {
  events: StreamEvent[];
  /** The response object of the terminal event. */
  response: any;
  terminal: 'response.completed' | 'response.incomplete' | 'response.failed';
}

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/** Deltas and part events each item kind may receive while open. */
const ALLOWED: Record<string, ReadonlySet<string>> = {
  message: new Set(['response.content_part.added', 'response.output_text.delta', 'response.output_text.done', 'response.content_part.done']),
  reasoning: new Set(['response.reasoning_summary_part.added', 'response.reasoning_summary_text.delta', 'response.reasoning_summary_text.done', 'response.reasoning_summary_part.done']),
  function_call: new Set(['response.function_call_arguments.delta', 'response.function_call_arguments.done']),
  custom_tool_call: new Set(['response.custom_tool_call_input.delta', 'response.custom_tool_call_input.done']),
};

/** Splits SSE text into events, checking that each `event:` line names the data's `type`. */
export function parseSse(text: string): StreamEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      const match = /^event: (.+)\ndata: (.+)$/.exec(block);
      if (match === null) throw new Error(`malformed SSE block: ${block.slice(0, 200)}`);
      const data = JSON.parse(match[2] as string) as StreamEvent;
      if (data.type !== match[1]) throw new Error(`event line ${match[1]} but data.type ${data.type}`);
      return data;
    });
}

export function checkResponsesStream(text: string): CheckedStream {
  const events = parseSse(text);
  const fail = (index: number, why: string): never => {
    throw new Error(`event ${index} (${events[index]?.type}): ${why}`);
  };
  if (events[0]?.type !== 'response.created') fail(0, 'the first event must be response.created');
  const open = new Map<number, { item: any; text: string; partOpen: boolean }>();
  const done = new Map<number, any>();
  let terminal: StreamEvent | undefined;
  events.forEach((event, index) => {
    if (index > 0 && event.sequence_number <= (events[index - 1] as StreamEvent).sequence_number) fail(index, 'sequence_number must increase');
    if (terminal !== undefined) fail(index, 'event after the terminal event');
    if (TERMINAL.has(event.type)) {
      terminal = event;
      return;
    }
    if (event.type === 'response.created' || event.type === 'response.in_progress') return;
    if (event.type === 'response.output_item.added') {
      if (open.size > 0) fail(index, 'an item was added while another is open');
      if (open.has(event.output_index) || done.has(event.output_index)) fail(index, 'output_index reused');
      if (event.output_index !== open.size + done.size) fail(index, 'output_index is not the next one');
      open.set(event.output_index, { item: event.item, text: '', partOpen: false });
      return;
    }
    const current = open.get(event.output_index);
    if (current === undefined) return fail(index, `no open item at output_index ${event.output_index}`);
    if (event.type === 'response.output_item.done') {
      if (event.item.id !== current.item.id || event.item.type !== current.item.type) fail(index, 'done item differs from the added one');
      checkText(event.item, current.text) || fail(index, `item text differs from its deltas: ${JSON.stringify(current.text)}`);
      open.delete(event.output_index);
      done.set(event.output_index, event.item);
      return;
    }
    if (event.item_id !== current.item.id) fail(index, 'item_id does not match the open item');
    if (!ALLOWED[current.item.type]?.has(event.type)) fail(index, `not allowed inside a ${current.item.type} item`);
    if (event.type.endsWith('part.added')) current.partOpen = true;
    if (event.type.endsWith('part.done')) current.partOpen = false;
    if ((current.item.type === 'message' || current.item.type === 'reasoning') && event.type.endsWith('.delta') && !current.partOpen) {
      fail(index, 'delta before its content part was added');
    }
    if (event.type.endsWith('.delta')) current.text += event.delta;
  });
  if (terminal === undefined) return fail(events.length, 'no terminal event');
  if (open.size > 0) fail(events.length - 1, `items left open: ${[...open.keys()].join(', ')}`);
  const doneItems = [...done.entries()].sort(([a], [b]) => a - b).map(([, item]) => item);
  if (JSON.stringify(terminal.response.output) !== JSON.stringify(doneItems)) {
    fail(events.length - 1, 'the final output differs from the items of the done events');
  }
  return { events, response: terminal.response, terminal: terminal.type as CheckedStream['terminal'] };
}

function checkText(item: any, streamed: string): boolean {
  if (item.type === 'message') return item.content[0]?.text === streamed;
  if (item.type === 'reasoning') return (item.summary[0]?.text ?? '') === streamed;
  if (item.type === 'function_call') return item.arguments === streamed;
  if (item.type === 'custom_tool_call') return item.input === streamed;
  return true;
}
