import { AFLITE_LABEL } from '../clients/aflite/network';
import { AVANTLINK_LABEL } from '../clients/avantlink/network';

/*
 * The networks' names for what the command line prints: it reads a store with no relay configured,
 * so it takes them from the networks' folders rather than from network definitions.
 */

const NAMES = new Map<string, string>([AVANTLINK_LABEL, AFLITE_LABEL].map((label) => [label.id, label.name]));

/**
 * @example
 * networkName('avantlink'); // 'AvantLink'
 */
export function networkName(id: string): string {
  return NAMES.get(id) ?? id;
}
