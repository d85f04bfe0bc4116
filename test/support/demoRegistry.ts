// The registry stand-ins' demo rows live with the demo simulators (scripts/demo/), where
// `--demo-central` seeds them; the tests use the same ones.
export * from '../../scripts/demo/registry';
