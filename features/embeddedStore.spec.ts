import { describeFeatureStoreConformance } from './conformance.ts';
import { createEmbeddedFeatureStore } from './embeddedStore.ts';

describeFeatureStoreConformance('embedded', {
  makeStore: async (options) => createEmbeddedFeatureStore(options),
  exactDistinct: true,
});
