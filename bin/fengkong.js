#!/usr/bin/env node
// Entry point for `npx fengkong`: TypeScript sources run through tsx's loader,
// so a fresh `npm ci` needs no build step before the CLI works.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
await main(process.argv);
