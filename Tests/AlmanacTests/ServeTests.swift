import Foundation
import Testing

@testable import Almanac

/// The preview server's building blocks, tested without a server.
@Suite("Preview server parts")
struct ServeTests {
  // MARK: Path resolution

  /// An output folder with pages, a dot-folder, and links leading in and out of it.
  private func makeOutput() throws -> (TemporarySite, OutputPathResolver, outside: URL) {
    let site = try TemporarySite([
      "Output/index.html": "home",
      "Output/404.html": "missing",
      "Output/articles/a/index.html": "article",
      "Output/style.css": "css",
      "Output/empty/readme.txt": "no index here",
      "Output/.almanac/manifest.json": "{}",
      "Output/.gitignore": "*",
      "outside/secret.txt": "secret",
    ])
    let output = site.url("Output")
    let manager = FileManager.default
    try manager.createSymbolicLink(
      at: output.appendingPathComponent("out"), withDestinationURL: site.url("outside"))
    try manager.createSymbolicLink(
      at: output.appendingPathComponent("secret.txt"),
      withDestinationURL: site.url("outside/secret.txt"))
    try manager.createSymbolicLink(
      at: output.appendingPathComponent("manifest.json"),
      withDestinationURL: output.appendingPathComponent(".almanac/manifest.json"))
    try manager.createSymbolicLink(
      at: output.appendingPathComponent("main.css"),
      withDestinationURL: output.appendingPathComponent("style.css"))
    return (site, OutputPathResolver(folder: output), site.url("outside"))
  }

  @Test("paths inside the output folder resolve to files, folders to their index.html")
  func resolvesFiles() throws {
    let (site, resolver, _) = try makeOutput()
    defer { site.remove() }
    let output = site.url("Output").resolvingSymlinksInPath().path

    func file(_ path: String) -> String? {
      guard case .file(let url) = resolver.resolve(path) else { return nil }
      return String(url.path.dropFirst(output.count))
    }
    #expect(file("/") == "/index.html")
    #expect(file("/index.html") == "/index.html")
    #expect(file("/articles/a/") == "/articles/a/index.html")
    #expect(file("/style.css") == "/style.css")
    #expect(file("/%73tyle.css") == "/style.css")
    #expect(file("/main.css") == "/style.css", "a link inside the folder is followed")
    #expect(resolver.resolve("/articles/a") == .redirect(to: "/articles/a/"))
    #expect(resolver.resolve("/articles") == .redirect(to: "/articles/"))
    #expect(resolver.resolve("/articles/") == .notFound, "a folder without index.html")
    #expect(resolver.resolve("/empty/") == .notFound)
    #expect(resolver.resolve("/style.css/") == .notFound)
    #expect(resolver.resolve("/nothing.html") == .notFound)
  }

  @Test("traversal, encoded separators and control characters are bad requests")
  func refusesTraversal() throws {
    let (site, resolver, _) = try makeOutput()
    defer { site.remove() }
    for path in [
      "/..", "/../outside/secret.txt", "/articles/../../outside/secret.txt",
      "/%2e%2e/outside/secret.txt", "/%2E%2E/outside/secret.txt", "/.%2e/outside/secret.txt",
      "/articles/..%2f..%2foutside%2fsecret.txt", "/articles%2f..%2f..%2fsecret.txt",
      "/..%5coutside%5csecret.txt", "/..\\outside\\secret.txt", "/index.html%00",
      "/%00", "/a\u{0}b", "/a%0d%0aSet-Cookie:x", "//outside/secret.txt", "/./index.html",
      "/%2e/index.html", "index.html", "", "http://example.org/", "/%", "/%zz", "/%c3%28",
    ] {
      #expect(resolver.resolve(path) == .badRequest, "\(path)")
    }
  }

  @Test("dotfiles and links leaving the folder are not found")
  func hidesDotfilesAndOutsideLinks() throws {
    let (site, resolver, _) = try makeOutput()
    defer { site.remove() }
    for path in [
      "/.almanac/manifest.json", "/.almanac/", "/.almanac", "/%2ealmanac/manifest.json",
      "/.gitignore", "/manifest.json", "/secret.txt", "/out/secret.txt", "/out/", "/out",
    ] {
      #expect(resolver.resolve(path) == .notFound, "\(path)")
    }
  }

  @Test("a missing output folder serves nothing")
  func missingOutputFolder() {
    let resolver = OutputPathResolver(
      folder: URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)"))
    #expect(resolver.resolve("/") == .notFound)
    #expect(resolver.resolve("/index.html") == .notFound)
  }

  // MARK: Content types

  @Test("content types, with a charset for text")
  func contentTypes() {
    let expected = [
      "index.html": "text/html; charset=utf-8", "a/style.CSS": "text/css; charset=utf-8",
      "app.js": "text/javascript; charset=utf-8", "chart.svg": "image/svg+xml; charset=utf-8",
      "feed.xml": "application/xml; charset=utf-8", "x.json": "application/json; charset=utf-8",
      "a.png": "image/png", "a.jpg": "image/jpeg", "a.jpeg": "image/jpeg",
      "f.woff2": "font/woff2", "notes.txt": "text/plain; charset=utf-8",
      "data.csv": "text/csv; charset=utf-8", "x.unknown": "application/octet-stream",
      "Makefile": "application/octet-stream", ".png": "application/octet-stream",
    ]
    for (name, type) in expected {
      #expect(ContentType.forFile(named: name) == type, "\(name)")
    }
  }

  // MARK: Live reload

  @Test("the reload script goes before the last </body>, in any case, or at the end")
  func injectsScript() {
    let script = LiveReload.scriptElement(generation: "g1")
    let page = "<html><body><p>a</p><pre>&lt;/body&gt;</pre></BODY></html>"
    let injected = LiveReload.injectingScript(into: Data(page.utf8), generation: "g1")
    #expect(
      String(decoding: injected, as: UTF8.self)
        == "<html><body><p>a</p><pre>&lt;/body&gt;</pre>\(script)</BODY></html>")
    let fragment = LiveReload.injectingScript(into: Data("<p>x</p>".utf8), generation: "g1")
    #expect(String(decoding: fragment, as: UTF8.self) == "<p>x</p>" + script)
    #expect(script.contains("data-almanac-generation=\"g1\""))
    let hostile = LiveReload.scriptElement(generation: "\"><script>")
    #expect(!hostile.contains("\"><script>"))
  }

  @Test("server-sent events put every line of data in its own field")
  func serverSentEvents() {
    let event = ServerSentEvent(name: "build-error", data: "one\ntwo\r\nthree")
    #expect(event.encoded == "event: build-error\ndata: one\ndata: two\ndata: three\n\n")
    #expect(ServerSentEvent(name: "re\nload", data: "").encoded == "event: reload\ndata: \n\n")
  }

  @Test("the error overlay lists the errors, located and escaped")
  func overlay() {
    let diagnostics = [
      Diagnostic(
        .error, "unknown key \"<img src=x onerror=alert(1)>\"",
        at: SourceLocation(file: "Content/<b>.md", line: 3, column: 1)),
      Diagnostic(.error, "no Content/ folder & nothing to build", at: nil),
      Diagnostic(.warning, "a warning", at: SourceLocation(file: "Content/x.md")),
    ]
    let html = BuildErrorOverlay.html(for: diagnostics)
    #expect(html.contains("Build failed: 2 errors"))
    #expect(html.contains("(and 1 warning, in the terminal)"))
    #expect(html.contains("Content/&lt;b&gt;.md:3:1"))
    #expect(html.contains("unknown key &quot;&lt;img src=x onerror=alert(1)&gt;&quot;"))
    #expect(html.contains("folder &amp; nothing"))
    #expect(!html.contains("<img"))
    #expect(!html.contains("<b>"))
    #expect(!html.contains("a warning"))
  }

  // MARK: Request heads

  @Test("request heads parse, or ask for more bytes")
  func parsesRequestHeads() throws {
    let text = "GET /a%20b?q=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /next"
    let (head, length) = try #require(try RequestHead.parse(Array(text.utf8)))
    #expect(head.method == "GET")
    #expect(head.target == "/a%20b?q=1")
    #expect(head.version == "HTTP/1.1")
    #expect(head.value(of: "host") == "x")
    #expect(!head.keepsAlive)
    #expect(length == text.utf8.count - "GET /next".utf8.count)

    #expect(try RequestHead.parse(Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8)) == nil)
    #expect(try RequestHead.parse(Array("GET / HT".utf8)) == nil)
    #expect(try RequestHead.parse([]) == nil)

    let bare = try #require(try RequestHead.parse(Array("\r\nGET / HTTP/1.0\nA: b\n\n".utf8)))
    #expect(bare.head.version == "HTTP/1.0")
    #expect(!bare.head.keepsAlive)
    #expect(bare.head.headers == [RequestHead.Header(name: "A", value: "b")])
    let kept = try #require(try RequestHead.parse(Array("GET / HTTP/1.1\r\n\r\n".utf8)))
    #expect(kept.head.keepsAlive)
    #expect(!kept.head.hasBody)
  }

  @Test("request heads over the limits fail before they are complete")
  func rejectsOversizedHeads() {
    let longLine = Array(("GET /" + String(repeating: "a", count: 9000)).utf8)
    #expect(throws: RequestHead.Problem.lineTooLong) { try RequestHead.parse(longLine) }
    let bigHeaders = Array(
      ("GET / HTTP/1.1\r\nX: " + String(repeating: "b", count: 40_000)).utf8)
    #expect(throws: RequestHead.Problem.headersTooLarge) { try RequestHead.parse(bigHeaders) }
    let manyHeaders = Array(
      ("GET / HTTP/1.1\r\n" + String(repeating: "X: 1\r\n", count: 101) + "\r\n").utf8)
    #expect(throws: RequestHead.Problem.headersTooLarge) { try RequestHead.parse(manyHeaders) }
    for malformed in [
      "GET  / HTTP/1.1\r\n\r\n", "GET /\r\n\r\n", "G@T / HTTP/1.1\r\n\r\n",
      "GET /a\u{7F} HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\nNo colon\r\n\r\n",
      "GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
    ] {
      #expect(throws: RequestHead.Problem.malformed, "\(malformed)") {
        try RequestHead.parse(Array(malformed.utf8))
      }
    }
    #expect(throws: RequestHead.Problem.unsupportedVersion) {
      try RequestHead.parse(Array("GET / HTTP/2.0\r\n\r\n".utf8))
    }
  }
}
