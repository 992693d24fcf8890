import Almanac
import ArgumentParser
import FlyingFox
import FlyingSocks
import Foundation

struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Build the site, serve it for preview, and rebuild and reload it on every change.",
    discussion: """
      Builds the site into its output folder as `almanac build` does, serves that folder over \
      HTTP, and watches Content/ and Templates/. Every save rebuilds the site, and open pages \
      reload by themselves. When a build fails, its errors are printed here and shown over the \
      page in the browser, and the last good build stays on show until the errors are fixed.

      The server listens only on this machine (127.0.0.1) unless --host says otherwise. It \
      never serves files outside the output folder, nor hidden files inside it. Stop it with \
      Ctrl-C. See docs/serve.md.
      """
  )

  @OptionGroup var site: SiteOptions

  @Option(
    name: .long,
    help: ArgumentHelp("Where to write the site (default: <source>/Output).", valueName: "dir"))
  var output: String?

  @Option(
    name: .long,
    help: ArgumentHelp("The port to listen on; 0 picks a free one.", valueName: "port"))
  var port: UInt16 = 8000

  @Option(
    name: .long,
    help: ArgumentHelp(
      "The address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every network), or another of this machine's addresses.",
      valueName: "address"))
  var host = "127.0.0.1"

  func validate() throws {
    guard ListenAddress(host: host) != nil else {
      throw ValidationError(Diagnostic.invalidHost(host).message)
    }
  }

  func run() async throws {
    // A browser closing a connection mid-response must not end the server.
    signal(SIGPIPE, SIG_IGN)
    let terminal = Terminal()
    guard let address = ListenAddress(host: host) else { throw ExitCode.usage }
    let outputFolder =
      output.map { URL(fileURLWithPath: $0, isDirectory: true) }
      ?? site.root.appendingPathComponent("Output", isDirectory: true)
    let session = SiteSession(root: site.root, output: outputFolder, options: site.buildOptions)
    // So that the output folder is left with the manifest of its last build.
    defer { session.finishWriting() }
    let hub = LiveReloadHub()
    // Installed first, so that Ctrl-C during the first build stops cleanly too.
    let stopping = StopRequest()
    ShutdownSignal.onFirst {
      terminal.printError("Stopping…")
      stopping.request()
      Task { await hub.finishAll() }
      // Open connections are closed by cancelling the server; should one hang on anyway, the
      // process still ends soon after the user asked it to.
      DispatchQueue(label: "almanac.shutdown-deadline").asyncAfter(deadline: .now() + 3) {
        Foundation.exit(0)
      }
    }

    let watcher: FileWatcher
    do {
      watcher = try FileWatcher(root: site.root, folders: SiteSession.watchedFolders)
    } catch {
      terminal.print(error.diagnostic)
      throw ExitCode.siteErrors
    }
    defer { watcher.stop() }
    watcher.setupProblems.forEach(terminal.print)

    await Self.rebuild(session, hub: hub, terminal: terminal, isFirst: true)
    guard !stopping.isRequested else { return }

    let server = PreviewServer(
      handler: PreviewHandler(resolver: OutputPathResolver(folder: outputFolder), hub: hub))
    let socketAddress = address.socketAddress(port: port)
    let serving = Task {
      try await withThrowingTaskGroup(of: Void.self) { group in
        let (listening, announceListening) = AsyncStream.makeStream(of: Socket.Address?.self)
        group.addTask {
          try await server.run(on: socketAddress) { bound in
            announceListening.yield(bound)
            announceListening.finish()
          }
        }
        group.addTask {
          var iterator = listening.makeAsyncIterator()
          guard let bound = await iterator.next() else { return }
          terminal.printError(
            "Serving \(outputFolder.relativePath)/ at \(address.url(listening: bound, port: port)) "
              + "(rebuilds on changes in Content/ and Templates/; Ctrl-C stops)")
          if !address.isLoopback {
            terminal.print(.servingBeyondThisMachine(host))
          }
          for await batch in watcher.batches {
            batch.problems.forEach(terminal.print)
            terminal.printError("Changed: " + Self.summary(of: batch.paths))
            await Self.rebuild(
              session, changed: batch.paths, hub: hub, terminal: terminal, isFirst: false)
          }
        }
        group.addTask {
          // Writing to a stream is the only way to notice that its browser has gone.
          while true {
            try await Task.sleep(for: .seconds(15))
            await hub.ping()
          }
        }
        try await group.next()
        group.cancelAll()
      }
    }
    stopping.cancelOnRequest(serving)

    do {
      try await serving.value
    } catch  where stopping.isRequested {
      // Cancelled by Ctrl-C or SIGTERM: a clean stop.
    } catch {
      terminal.print(Self.diagnostic(forServerError: error, address: address, port: port))
      throw ExitCode.siteErrors
    }
    await hub.finishAll()
  }

  /// Rebuilds the site on a thread of its own, so serving continues during a long build, then
  /// prints what happened and tells the open pages.
  private static func rebuild(
    _ session: SiteSession, changed: [String] = [], hub: LiveReloadHub, terminal: Terminal,
    isFirst: Bool
  ) async {
    let progress = terminal.progressReporter(label: "Rendering pages", startedAt: Date())
    let outcome = await withCheckedContinuation { continuation in
      DispatchQueue.global(qos: .userInitiated).async {
        continuation.resume(returning: session.rebuild(changed: changed, progress: progress))
      }
    }
    terminal.clearProgress()
    outcome.diagnostics.forEach(terminal.print)
    let output = session.output.relativePath
    if let written = outcome.written {
      let rendered = outcome.pagesRendered.map { "\($0) of \(outcome.pageCount) pages rendered; " }
      terminal.printError(
        "Built \(outcome.pageCount) pages and \(outcome.dataFileCount) data files in "
          + String(format: "%.2f", outcome.seconds) + " s into \(output)/ "
          + "(\(rendered ?? "")\(written.written) written, \(written.unchanged) unchanged, "
          + "\(written.removed) removed)")
    } else {
      let errors = outcome.diagnostics.filter(\.isError).count
      terminal.printError(
        "build failed with \(errors) error\(errors == 1 ? "" : "s"); "
          + (isFirst
            ? "serving what \(output)/ already holds"
            : "still serving the last good build")
          + " until the errors are fixed")
    }
    await hub.publish(outcome)
  }

  /// A short list of changed paths for the terminal.
  private static func summary(of paths: [String]) -> String {
    let shown = paths.prefix(3).joined(separator: ", ")
    return paths.count > 3 ? shown + " and \(paths.count - 3) more" : shown
  }

  private static func diagnostic(forServerError error: Error, address: ListenAddress, port: UInt16)
    -> Diagnostic
  {
    let described = address.url(listening: nil, port: port)
    if case SocketError.failed(_, let code, _) = error, code == EADDRINUSE {
      return .portInUse(described)
    }
    return .cannotListen(described, reason: error.localizedDescription)
  }
}

/// Whether the user asked the server to stop, and the work to cancel when they do; set from
/// the signal handler.
private final class StopRequest: @unchecked Sendable {
  private let lock = NSLock()
  private var requested = false
  private var task: Task<Void, Error>?

  var isRequested: Bool { lock.withLock { requested } }

  func request() {
    let task = lock.withLock {
      requested = true
      return self.task
    }
    task?.cancel()
  }

  /// Cancels `task` when a stop is requested, at once if it already was.
  func cancelOnRequest(_ task: Task<Void, Error>) {
    let alreadyRequested = lock.withLock {
      self.task = task
      return requested
    }
    if alreadyRequested { task.cancel() }
  }
}

/// The address given with `--host`.
struct ListenAddress: Sendable {
  private enum Family {
    case ip4
    case ip6
  }

  private let family: Family
  private let ip: String

  /// Parses an IPv4 or IPv6 address; `localhost` means 127.0.0.1. Nil for anything else.
  init?(host: String) {
    let ip = host == "localhost" ? "127.0.0.1" : host
    if (try? sockaddr_in.inet(ip4: ip, port: 0)) != nil {
      family = .ip4
    } else if (try? sockaddr_in6.inet6(ip6: ip, port: 0)) != nil {
      family = .ip6
    } else {
      return nil
    }
    self.ip = ip
  }

  /// Whether only this machine can connect.
  var isLoopback: Bool {
    switch family {
    case .ip4: ip.hasPrefix("127.")
    case .ip6: ip == "::1"
    }
  }

  func socketAddress(port: UInt16) -> any SocketAddress {
    switch family {
    // Both addresses were parsed successfully in `init`.
    case .ip4: (try? sockaddr_in.inet(ip4: ip, port: port)) ?? sockaddr_in.inet(port: port)
    case .ip6: (try? sockaddr_in6.inet6(ip6: ip, port: port)) ?? sockaddr_in6.loopback(port: port)
    }
  }

  /// The URL to open in a browser, with the port the server really listens on.
  func url(listening: Socket.Address?, port: UInt16) -> String {
    var actualPort = port
    switch listening {
    case .ip4(_, let listeningPort), .ip6(_, let listeningPort): actualPort = listeningPort
    default: break
    }
    let shownHost = family == .ip6 ? "[\(ip)]" : ip
    return "http://\(shownHost):\(actualPort)/"
  }
}

extension Terminal {
  /// Prints one diagnostic to standard error, in colour on a terminal.
  fileprivate func print(_ diagnostic: Diagnostic) {
    printError(diagnostic.formatted(color: isColorEnabled))
  }
}
