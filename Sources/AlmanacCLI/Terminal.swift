import Almanac
import Foundation

/// Where the command line writes: colour and progress only when a person is watching.
struct Terminal: Sendable {
  /// Progress appears only for builds slower than this, so quick builds print one line.
  static let progressDelay: TimeInterval = 1

  let isColorEnabled: Bool
  let showsProgress: Bool
  private let progressLine = ProgressLine()

  init(environment: [String: String] = ProcessInfo.processInfo.environment) {
    let errorIsTerminal = isatty(FileHandle.standardError.fileDescriptor) != 0
    let isDumb = environment["TERM"] == "dumb"
    isColorEnabled = errorIsTerminal && environment["NO_COLOR"] == nil && !isDumb
    showsProgress = errorIsTerminal && !isDumb
  }

  func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }

  /// A progress callback that redraws one line on standard error, or nil when not on a terminal.
  func progressReporter(label: String, startedAt start: Date) -> BuildProgress? {
    guard showsProgress else { return nil }
    let line = progressLine
    return { completed, total in
      guard Date().timeIntervalSince(start) >= Self.progressDelay else { return }
      line.draw("\(label) \(completed)/\(total)")
    }
  }

  /// Removes the progress line, if one was drawn, before the summary is printed.
  func clearProgress() {
    progressLine.clear()
  }
}

/// The one progress line on standard error, redrawn in place.
private final class ProgressLine: @unchecked Sendable {
  private let lock = NSLock()
  private var isDrawn = false

  func draw(_ text: String) {
    lock.withLock {
      isDrawn = true
      FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }
  }

  func clear() {
    lock.withLock {
      guard isDrawn else { return }
      isDrawn = false
      FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
  }
}
