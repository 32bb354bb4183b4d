import type { ContentPart, ImagePart, TextPart } from '../../types/chat.js';
import type { InputImage, InputPart, ToolOutput } from './responses-types.js';

/** Where dropped parts are reported (`input[4].content[1] (input_file)`), for the droppedParams list. */
export type DropSink = (what: string) => void;

/**
 * A user message's content: one text part stays a plain string, several parts or any image become chat
 * parts (input_image → image_url). Parts Chat cannot carry (files, audio) leave a visible note.
 */
export function userContent(content: string | InputPart[], param: string, drop: DropSink): string | ContentPart[] {
  if (typeof content === 'string') return content;
  const parts = content.map((part, index) => toChatPart(part, `${param}[${index}]`, drop));
  const only = parts[0];
  return parts.length === 1 && only?.type === 'text' ? (only as TextPart).text : parts;
}

/**
 * System and assistant content as one string: many Chat providers accept nothing else there.
 * Text parts are joined with a blank line; an image leaves a note, since these roles cannot carry one.
 */
export function plainContent(content: string | InputPart[], param: string, drop: DropSink): string {
  if (typeof content === 'string') return content;
  return content.map((part, index) => textOf(part) ?? omitted(part, `${param}[${index}]`, drop)).join('\n\n');
}

export interface ToolOutputContent {
  text: string;
  images: ImagePart[];
}

/**
 * A tool output as the tool message's string plus the images Chat tool messages cannot hold; the caller
 * moves those into one user message after the tool messages.
 */
export function toolOutputContent(output: ToolOutput, param: string, drop: DropSink): ToolOutputContent {
  if (typeof output === 'string') return { text: output, images: [] };
  const texts: string[] = [];
  const images: ImagePart[] = [];
  output.forEach((part, index) => {
    const image = part.type === 'input_image' ? imagePart(part as InputImage) : undefined;
    if (image !== undefined) images.push(image);
    else texts.push(textOf(part) ?? omitted(part, `${param}[${index}]`, drop));
  });
  if (images.length > 0) {
    const count = images.length === 1 ? '1 image from this tool call follows' : `${images.length} images from this tool call follow`;
    texts.push(`(${count} in the next user message)`);
  }
  return { text: texts.join('\n'), images };
}

function toChatPart(part: InputPart, param: string, drop: DropSink): ContentPart {
  const image = part.type === 'input_image' ? imagePart(part as InputImage) : undefined;
  if (image !== undefined) return image;
  return { type: 'text', text: textOf(part) ?? omitted(part, param, drop) };
}

/** image_url already holds a URL or a data: URL; a `file_id` points into OpenAI's file store, which we lack. */
function imagePart(part: InputImage): ImagePart | undefined {
  if (typeof part.image_url !== 'string' || part.image_url === '') return undefined;
  const detail = part.detail === 'low' || part.detail === 'high' || part.detail === 'auto' ? part.detail : undefined;
  return { type: 'image_url', image_url: detail === undefined ? { url: part.image_url } : { url: part.image_url, detail } };
}

function textOf(part: InputPart): string | undefined {
  if ((part.type === 'input_text' || part.type === 'output_text') && typeof part.text === 'string') return part.text;
  if (part.type === 'refusal' && typeof part.refusal === 'string') return part.refusal;
  return undefined;
}

/** The model is told something was there, so it does not answer as if it had read it. */
function omitted(part: InputPart, param: string, drop: DropSink): string {
  drop(`${param} (${part.type})`);
  const filename = (part as Record<string, unknown>).filename;
  const name = typeof filename === 'string' ? ` "${filename}"` : '';
  return `[${part.type}${name} omitted: llm-relay cannot pass it to this model]`;
}
