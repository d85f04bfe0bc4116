// The Sadad PcPos simulator lives with the demo simulators (scripts/demo/), where `--demo-terminal`
// loads it; the tests use the same one.
export * from '../../scripts/demo/sadadSimulator';
