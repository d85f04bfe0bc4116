// The eSCL scanner simulator lives with the demo simulators (scripts/demo/), where `--demo-scanner`
// loads it; the tests use the same one.
export * from '../../scripts/demo/esclSimulator';
