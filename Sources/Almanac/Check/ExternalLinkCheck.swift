import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `almanac check --external`: asks every linked site whether the page is still there. Off by
/// default, so builds never touch the network unless asked to.
public enum ExternalLinkCheck {
  /// Checks each link with a HEAD request (then GET, for servers that refuse HEAD), at most
  /// `concurrency` at a time, each given `timeout` seconds. Returns a warning per broken link.
  public static func run(_ links: [ExternalLink], timeout: Double = 10, concurrency: Int = 8) async
    -> [Diagnostic]
  {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = timeout
    configuration.timeoutIntervalForResource = timeout * 2
    let session = URLSession(configuration: configuration)
    defer { session.finishTasksAndInvalidate() }
    var problems: [Diagnostic] = []
    await withTaskGroup(of: Diagnostic?.self) { group in
      var pending = links[...]
      func startNext() {
        guard let link = pending.popFirst() else { return }
        group.addTask { await check(link, session: session) }
      }
      for _ in 0..<max(1, concurrency) { startNext() }
      while let result = await group.next() {
        if let result { problems.append(result) }
        startNext()
      }
    }
    return problems.sorted()
  }

  private static func check(_ link: ExternalLink, session: URLSession) async -> Diagnostic? {
    guard let url = URL(string: link.url) else {
      return .externalLinkFailed(link.url, problem: "not a valid URL", at: link.location)
    }
    do {
      var code = try await status(of: url, method: "HEAD", session: session)
      if code == 405 || code == 501 {
        code = try await status(of: url, method: "GET", session: session)
      }
      guard (200..<400).contains(code) else {
        return .externalLinkFailed(
          link.url, problem: "the server answered \(code)", at: link.location)
      }
      return nil
    } catch {
      return .externalLinkFailed(link.url, problem: error.localizedDescription, at: link.location)
    }
  }

  private static func status(of url: URL, method: String, session: URLSession) async throws -> Int {
    var request = URLRequest(url: url)
    request.httpMethod = method
    request.setValue("Almanac/\(Almanac.version) link check", forHTTPHeaderField: "User-Agent")
    let (_, response) = try await session.data(for: request)
    return (response as? HTTPURLResponse)?.statusCode ?? 0
  }
}
