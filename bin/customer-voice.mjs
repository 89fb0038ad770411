#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so the same sources serve the CLI, the local stack and the tests.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
