declare const config: Record<string, unknown>;
export default config;
export function workerUnpackList(root?: string): string[];
