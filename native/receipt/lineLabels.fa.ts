/** Moved to core/fees/labels.fa.ts (the counter screen needs the same words); kept until every importer moved. */
export * from '../../core/fees/labels.fa';
