/** The public-data importers by the name `fengkong import <name>` takes. */
import type { DatasetName, Importer } from './importer.ts';
import { paysimImporter } from './paysim.ts';
import { sbaImporter } from './sba.ts';
import { uciCreditImporter } from './uciCredit.ts';

export const IMPORTERS: Readonly<Record<DatasetName, Importer>> = {
  paysim: paysimImporter,
  sba: sbaImporter,
  'uci-credit': uciCreditImporter,
};

export const isDatasetName = (name: string): name is DatasetName => Object.prototype.hasOwnProperty.call(IMPORTERS, name);
