import Almanac
import FlyingFox
import Foundation

/// Answers the preview server's requests: files from the output folder (HTML with the live
/// reload script added), the live reload event stream, redirects and error pages.
///
/// Which file a path leads to, and what is refused, is decided by `OutputPathResolver`;
/// oversized and malformed requests never get here (see `PreviewServer`).
struct PreviewHandler: HTTPHandler {
  let resolver: OutputPathResolver
  let hub: LiveReloadHub

  func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
    guard request.method == .GET || request.method == .HEAD else {
      var response = Self.plain(.methodNotAllowed, "Only GET and HEAD are supported.\n")
      response.headers[HTTPHeader("Allow")] = "GET, HEAD"
      return response
    }

    let path = request.target.path()
    if path == LiveReload.eventsPath {
      return await eventStream()
    }
    switch resolver.resolve(path) {
    case .file(let url):
      return await file(url, status: .ok, for: request)
    case .redirect(let location):
      // A temporary redirect: browsers remember permanent ones, which would outlive a preview
      // in which the folder becomes a file.
      var response = Self.plain(.found, "Moved to \(location)\n")
      response.headers[.location] = location
      return response
    case .notFound:
      return await notFound(for: request)
    case .badRequest:
      return Self.plain(.badRequest, "This address is not allowed.\n")
    }
  }

  // MARK: Responses

  private func file(_ url: URL, status: HTTPStatusCode, for request: HTTPRequest) async
    -> HTTPResponse
  {
    let type = ContentType.forFile(named: url.lastPathComponent)
    var headers = Self.commonHeaders(type: type)
    if type.hasPrefix("text/html") {
      guard let html = FileManager.default.contents(atPath: url.path) else {
        return Self.plain(.notFound, "Not found.\n")
      }
      let page = LiveReload.injectingScript(into: html, generation: await hub.generation)
      return Self.response(status, headers: headers, body: page, for: request)
    }
    // Other files are streamed from disk rather than read whole: data files can be large.
    guard let body = try? HTTPBodySequence(file: url) else {
      return Self.plain(.notFound, "Not found.\n")
    }
    if request.method == .HEAD {
      headers[.contentLength] = body.count.map(String.init)
      return HTTPResponse(statusCode: status, headers: headers)
    }
    return HTTPResponse(statusCode: status, headers: headers, body: body)
  }

  /// The site's own `404.html` when it has one, else a short page; both with the reload
  /// script, so a page that does not exist yet appears once a build makes it.
  private func notFound(for request: HTTPRequest) async -> HTTPResponse {
    if case .file(let page) = resolver.resolve("/404.html") {
      return await file(page, status: .notFound, for: request)
    }
    let html = """
      <!doctype html><html><head><meta charset="utf-8"><title>Not found</title></head>
      <body><h1>Not found</h1><p>The site has no page at this address.</p></body></html>
      """
    let page = LiveReload.injectingScript(into: Data(html.utf8), generation: await hub.generation)
    return Self.response(
      .notFound, headers: Self.commonHeaders(type: "text/html; charset=utf-8"), body: page,
      for: request)
  }

  private func eventStream() async -> HTTPResponse {
    let hub = self.hub
    let (id, events) = await hub.subscribe()
    let body = EventStreamBody(events: events) {
      Task { await hub.unsubscribe(id) }
    }
    var headers = Self.commonHeaders(type: "text/event-stream; charset=utf-8")
    headers[.connection] = "keep-alive"
    return HTTPResponse(statusCode: .ok, headers: headers, body: HTTPBodySequence(from: body))
  }

  private static func response(
    _ status: HTTPStatusCode, headers: HTTPHeaders, body: Data, for request: HTTPRequest
  ) -> HTTPResponse {
    guard request.method == .HEAD else {
      return HTTPResponse(statusCode: status, headers: headers, body: body)
    }
    var headers = headers
    headers[.contentLength] = String(body.count)
    return HTTPResponse(statusCode: status, headers: headers)
  }

  private static func plain(_ status: HTTPStatusCode, _ text: String) -> HTTPResponse {
    HTTPResponse(
      statusCode: status, headers: commonHeaders(type: "text/plain; charset=utf-8"),
      body: Data(text.utf8))
  }

  /// Headers on every response: the type, no caching (a preview changes under the browser),
  /// and no type sniffing (a file is only ever run as what its extension says).
  private static func commonHeaders(type: String) -> HTTPHeaders {
    [
      .contentType: type,
      .cacheControl: "no-store",
      HTTPHeader("X-Content-Type-Options"): "nosniff",
    ]
  }
}
