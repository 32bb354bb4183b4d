import type { ToolCallFamily } from '../tool-call-family.js';
import { deepseekDsml } from './deepseek-dsml.js';
import { deepseekV3 } from './deepseek-v3.js';
import { deepseekV31 } from './deepseek-v3-1.js';
import { glm } from './glm.js';
import { hermes } from './hermes.js';
import { kimiK2 } from './kimi-k2.js';
import { llama3 } from './llama3.js';
import { minimaxM1 } from './minimax-m1.js';
import { minimaxM2 } from './minimax-m2.js';
import { mistral } from './mistral.js';
import { qwen3Coder } from './qwen3-coder.js';
import { seedOss } from './seed-oss.js';

/**
 * Every family, in the order to try those that share an opener: for `<tool_call>`, Hermes (JSON object),
 * then Qwen3-Coder (`<function=`), then GLM (a bare name), each declining the others' markup; DeepSeek V3.1
 * and V3 likewise decline each other's form.
 */
export const TOOL_CALL_FAMILIES: readonly ToolCallFamily[] = [hermes, qwen3Coder, glm, seedOss, minimaxM2, minimaxM1, kimiK2, deepseekV31, deepseekV3, deepseekDsml, mistral, llama3];

export { deepseekDsml, deepseekV3, deepseekV31, glm, hermes, kimiK2, llama3, minimaxM1, minimaxM2, mistral, qwen3Coder, seedOss };
