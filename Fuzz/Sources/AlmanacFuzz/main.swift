import Foundation

// A libFuzzer driver for Almanac's parsers. Built with `-sanitize=fuzzer,address` (see
// `make fuzz`), it runs the target named by the `ALMANAC_FUZZ_TARGET` environment variable
// (`FuzzTargets.all` lists them) and takes libFuzzer's usual arguments:
//
//   ALMANAC_FUZZ_TARGET=csv AlmanacFuzz NEW_CORPUS Fuzz/Corpus/csv -max_total_time=60
//   ALMANAC_FUZZ_TARGET=csv AlmanacFuzz Fuzz/Crashes/csv-crash-…    (replays one input)

/// libFuzzer's driver, linked in by `-sanitize=fuzzer`.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
  _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// libFuzzer's entry point for one input. libFuzzer's own `main`, which the linker may pick over
/// this file's, calls it too.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  FuzzTargets.selected(start.map { Data(bytes: $0, count: count) } ?? Data())
  return 0
}

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runDriver(&argc, &argv, testOneInput))
