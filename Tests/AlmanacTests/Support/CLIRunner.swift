import Foundation

/// What one run of the `almanac` binary printed, and how it exited.
struct CLIResult: Sendable, CustomStringConvertible {
  var exitCode: Int32
  var stdout: String
  var stderr: String

  /// The lines of standard output, without the final newline.
  var stdoutLines: [String] { Self.lines(of: stdout) }
  /// The lines of standard error, without the final newline.
  var stderrLines: [String] { Self.lines(of: stderr) }

  var description: String {
    "exit code \(exitCode)\n--- stdout ---\n\(stdout)--- stderr ---\n\(stderr)--- end ---"
  }

  private static func lines(of text: String) -> [String] {
    guard !text.isEmpty else { return [] }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    return lines
  }
}

/// Runs the `almanac` executable that `swift build` put next to the test bundle.
enum CLIRunner {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// The executable, found next to the test bundle (`.build/debug/almanac`).
  static func executable() throws -> URL {
    var candidates: [URL] = []
    if let first = CommandLine.arguments.first {
      let bundle = URL(fileURLWithPath: first).resolvingSymlinksInPath().standardizedFileURL
      candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("almanac"))
    }
    // On macOS the tests run inside an `.xctest` bundle loaded by a runner elsewhere.
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
      let folder = bundle.bundleURL.resolvingSymlinksInPath().deletingLastPathComponent()
      candidates.append(folder.appendingPathComponent("almanac"))
    }
    let manager = FileManager.default
    if let found = candidates.first(where: { manager.isExecutableFile(atPath: $0.path) }) {
      return found
    }
    throw Failure(
      description: "the almanac executable was not found; looked at "
        + candidates.map(\.path).joined(separator: ", ")
        + ". Build it with `swift build --build-tests` (it is built before the tests).")
  }

  /// Runs `almanac` with `arguments` and waits for it to finish, capturing both output streams
  /// through pipes (so the binary sees no terminal).
  ///
  /// The environment is the test's own, with `TERM` set to a colour terminal and `NO_COLOR`
  /// removed, so that any colour or progress output would come only from mistaking a pipe for
  /// a terminal. `COLUMNS` fixes the width help text is wrapped to.
  static func run(
    _ arguments: [String], in directory: URL? = nil, environment overrides: [String: String] = [:]
  ) throws -> CLIResult {
    let process = Process()
    process.executableURL = try executable()
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = nil
    environment["TERM"] = "xterm-256color"
    environment["COLUMNS"] = "80"
    environment.merge(overrides) { _, new in new }
    process.environment = environment

    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice

    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    try process.run()

    // Read both pipes at once, so a child filling one of them can't block.
    let collected = Collected()
    let reading = DispatchGroup()
    for (index, pipe) in [output, errors].enumerated() {
      reading.enter()
      let handle = pipe.fileHandleForReading
      DispatchQueue.global().async {
        collected.set(index, handle.readDataToEndOfFile())
        reading.leave()
      }
    }
    // A safety net against a hung binary; no test depends on how long a build takes.
    if exited.wait(timeout: .now() + 300) == .timedOut {
      process.terminate()
      throw Failure(description: "almanac \(arguments.joined(separator: " ")) did not finish")
    }
    reading.wait()
    return CLIResult(
      exitCode: process.terminationStatus,
      stdout: String(decoding: collected.data(0), as: UTF8.self),
      stderr: String(decoding: collected.data(1), as: UTF8.self))
  }

  /// Output gathered on two reader threads: 0 is standard output, 1 standard error.
  private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var streams: [Int: Data] = [:]

    func set(_ index: Int, _ data: Data) {
      lock.withLock { streams[index] = data }
    }

    func data(_ index: Int) -> Data {
      lock.withLock { streams[index] ?? Data() }
    }
  }
}

/// A site folder written inline under the temporary folder; call `remove()` when done.
struct TemporarySite {
  let root: URL

  /// Creates an empty folder with a unique name and writes `files` (paths relative to it) into it.
  init(_ files: [String: String] = [:]) throws {
    root =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("almanac-test-\(UUID().uuidString)", isDirectory: true)
      .standardizedFileURL
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    for (path, text) in files {
      try write(path, text)
    }
  }

  var path: String { root.path }
  var output: URL { url("Output") }

  func url(_ relative: String) -> URL {
    root.appendingPathComponent(relative)
  }

  func write(_ relative: String, _ text: String) throws {
    try write(relative, Data(text.utf8))
  }

  func write(_ relative: String, _ data: Data) throws {
    let file = url(relative)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: file)
  }

  func exists(_ relative: String) -> Bool {
    FileManager.default.fileExists(atPath: url(relative).path)
  }

  func text(_ relative: String) throws -> String {
    String(decoding: try Data(contentsOf: url(relative)), as: UTF8.self)
  }

  func delete(_ relative: String) throws {
    try FileManager.default.removeItem(at: url(relative))
  }

  /// Deletes the whole folder, restoring write permission first so nothing is left behind.
  func remove() {
    if let walker = FileManager.default.enumerator(atPath: root.path) {
      while let relative = walker.nextObject() as? String {
        chmod(url(relative).path, 0o755)
      }
    }
    chmod(root.path, 0o755)
    try? FileManager.default.removeItem(at: root)
  }
}

/// Snapshots of a folder's files, to check what a build changed.
enum FolderContents {
  /// Every regular file under `folder` (dotfiles included), keyed by its path relative to it.
  static func contents(under folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for relative in try paths(under: folder) {
      files[relative] = try Data(contentsOf: folder.appendingPathComponent(relative))
    }
    return files
  }

  /// The modification date of every regular file under `folder`, keyed by relative path.
  static func modificationDates(under folder: URL) throws -> [String: Date] {
    var dates: [String: Date] = [:]
    for relative in try paths(under: folder) {
      let attributes = try FileManager.default.attributesOfItem(
        atPath: folder.appendingPathComponent(relative).path)
      dates[relative] = attributes[.modificationDate] as? Date
    }
    return dates
  }

  /// Sets the modification date of every regular file under `folder`.
  static func setModificationDates(under folder: URL, to date: Date) throws {
    for relative in try paths(under: folder) {
      try FileManager.default.setAttributes(
        [.modificationDate: date], ofItemAtPath: folder.appendingPathComponent(relative).path)
    }
  }

  /// The relative paths of the regular files under `folder`, sorted.
  static func paths(under folder: URL) throws -> [String] {
    let manager = FileManager.default
    guard let walker = manager.enumerator(atPath: folder.path) else {
      throw CLIRunner.Failure(description: "cannot list \(folder.path)")
    }
    var paths: [String] = []
    while let relative = walker.nextObject() as? String {
      var isDirectory: ObjCBool = false
      let full = folder.appendingPathComponent(relative).path
      if manager.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
        paths.append(relative)
      }
    }
    return paths.sorted()
  }

  /// A date long ago, to tell files a build rewrote from files it left alone.
  static let longAgo = Date(timeIntervalSince1970: 1_000_000_000)
}
