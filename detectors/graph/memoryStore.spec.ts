import { graphStoreConformance } from './conformance.ts';
import { MemoryGraphStore } from './memoryStore.ts';

graphStoreConformance('memory', async (options) => new MemoryGraphStore(options));
