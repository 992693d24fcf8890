import Almanac
import Foundation

/// Where the command line writes: colour and progress only when a person is watching.
struct Terminal: Sendable {
  /// Progress appears only for builds slower than this, so quick builds print one line.
  static let progressDelay: TimeInterval = 1

  let isColorEnabled: Bool
  let showsProgress: Bool

  init(environment: [String: String] = ProcessInfo.processInfo.environment) {
    let errorIsTerminal = isatty(FileHandle.standardError.fileDescriptor) != 0
    isColorEnabled =
      errorIsTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    showsProgress = errorIsTerminal && environment["TERM"] != "dumb"
  }

  func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }

  /// A progress callback that redraws one line on standard error, or nil when not on a terminal.
  func progressReporter(label: String, startedAt start: Date) -> BuildProgress? {
    guard showsProgress else { return nil }
    return { completed, total in
      guard Date().timeIntervalSince(start) >= Self.progressDelay else { return }
      FileHandle.standardError.write(Data("\r\u{1B}[K\(label) \(completed)/\(total)".utf8))
    }
  }

  func clearProgress() {
    guard showsProgress else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }
}
