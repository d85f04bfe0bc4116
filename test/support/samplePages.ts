// Synthetic scanned pages live with the demo simulators (scripts/demo/), where the demo scanner serves
// them; the tests use the same ones.
export * from '../../scripts/demo/samplePages';
