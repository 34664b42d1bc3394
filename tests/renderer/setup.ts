import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// findBy…/waitFor wait on the page's state; the real service behind it (extraction in a worker) can
// take seconds on a busy two-core machine, so the limit is generous. A test that passes never waits it out.
configure({ asyncUtilTimeout: 15_000 });

afterEach(() => {
  cleanup();
  window.location.hash = '';
});
