import type { CfirDomain, SignalKind } from '../../api/types';
import { CFIR_CONSTRUCTS, CFIR_DOMAIN_LABELS, SIGNAL_KIND_LABELS } from '../conversations/vocab';

// The vocabulary of records is the log form's (../conversations/vocab.ts): one set of labels.

const CONSTRUCT_LABELS: Record<string, string> = Object.assign({}, ...Object.values(CFIR_CONSTRUCTS));

export function domainLabel(domain: string | null | undefined): string {
  if (!domain) return 'No CFIR domain';
  return CFIR_DOMAIN_LABELS[domain as CfirDomain] ?? domain;
}

export function constructLabel(construct: string | null | undefined): string {
  if (!construct) return 'Construct not given';
  return CONSTRUCT_LABELS[construct] ?? construct;
}

const RECORD_LABELS: Record<string, string> = {
  conversation: 'One-on-one conversation',
  concern: 'Concern raised',
  acknowledgement: 'Expertise acknowledged',
  commitment: 'Commitment',
  signal: 'Signal',
};

/** "Champion behaviour", "Concern raised", "One-on-one conversation"… */
export function recordLabel(recordType: string, kind?: string | null): string {
  if (recordType === 'signal' && kind) return SIGNAL_KIND_LABELS[kind as SignalKind] ?? kind;
  return RECORD_LABELS[recordType] ?? recordType;
}
