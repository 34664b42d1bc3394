import { describe, expect, it } from 'vitest';
import { API_METHODS } from '../../shared/api';
import { argSchemas } from '../../shared/schemas';

describe('shared/schemas', () => {
  it('has a schema for every method of the contract', () => {
    expect(Object.keys(argSchemas).sort()).toEqual([...API_METHODS].sort());
  });

  it('accepts good arguments and rejects bad ones', () => {
    expect(argSchemas.getArticle.safeParse({ id: 'mwynq9d5-2ee9ca49ed' }).success).toBe(true);
    for (const bad of [{}, { id: '../etc' }, { id: 42 }, { id: 'ok-id-1', extra: 1 }, null, 'x']) {
      expect(argSchemas.getArticle.safeParse(bad).success).toBe(false);
    }
    expect(argSchemas.saveArticle.safeParse({ source: { kind: 'url', url: 'https://a.b/' } }).success).toBe(true);
    expect(argSchemas.saveArticle.safeParse({ source: { kind: 'text', text: '   ' } }).success).toBe(false);
    expect(argSchemas.saveArticle.safeParse({ source: { kind: 'pdf', url: 'x' } }).success).toBe(false);
    expect(argSchemas.updateSettings.safeParse({ patch: { textSize: 8 } }).success).toBe(false);
    expect(argSchemas.updateSettings.safeParse({ patch: { textSize: 20 } }).success).toBe(true);
    expect(argSchemas.listArticles.safeParse({ limit: 10_000 }).success).toBe(false);
  });
});
