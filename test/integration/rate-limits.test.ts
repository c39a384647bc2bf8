import { describe, expect, it } from 'vitest';
import { createWorkspace, expectProblem, useTestApp } from '../helpers.js';

// Its own file and app: limits are counted per app instance.
describe('sign-in rate limit', () => {
  const ctx = useTestApp({ signInAttempts: 3 });
  const attempt = (email: string, password: string) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });

  it('answers 429 problem+json after the allowed attempts, even with the right password', async () => {
    const ws = await createWorkspace(ctx.app);
    const agent = { email: `agent-${ws.id}@example.com`, password: 'agent password' };
    expect((await ws.owner.post('/api/v1/users', { name: 'Agent', ...agent })).statusCode).toBe(201);
    for (let i = 0; i < 2; i++) expectProblem(await attempt(agent.email, 'wrong password'), 401);
    expect((await attempt(agent.email, agent.password)).statusCode).toBe(200);
    const limited = expectProblem(await attempt(agent.email, 'wrong password'), 429);
    expect(limited.detail).toMatch(/too many sign-in attempts/i);
    const right = await attempt(agent.email, agent.password);
    expectProblem(right, 429);
    expect(right.cookies).toEqual([]);
    expectProblem(await attempt(`  ${agent.email.toUpperCase()}`, agent.password), 429);
    // Counted per email: another account from the same address still gets an answer.
    expectProblem(await attempt(`other-${ws.id}@example.com`, 'whatever1'), 401);
  });
});

describe('API request rate limit', () => {
  const ctx = useTestApp({ rateLimitPerMinute: 5 });

  it('answers 429 problem+json once a caller exceeds its requests per minute, per caller', async () => {
    const ws = await createWorkspace(ctx.app);
    const key = await ws.apiKey();
    for (let i = 0; i < 5; i++) expect((await key.get('/api/v1/contacts')).statusCode).toBe(200);
    const res = await key.get('/api/v1/contacts');
    expectProblem(res, 429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // The owner's session is a different caller.
    expect((await ws.owner.get('/api/v1/contacts')).statusCode).toBe(200);
  });
});
