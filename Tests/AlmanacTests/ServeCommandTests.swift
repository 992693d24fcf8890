import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// End-to-end tests of `almanac serve`: the built executable runs on a free port on
/// 127.0.0.1, and the tests talk HTTP to it over plain sockets, so every request goes out byte
/// for byte as written. No test measures time; waits have generous timeouts and only guard
/// against a hung server.
@Suite("almanac serve")
struct ServeCommandTests {
  /// A small site with files of many types. The server copies them as they are.
  static let site: [String: String] = CLITests.goodSite.merging([
    "Content/files/notes.txt": "plain notes\n",
    "Content/files/info.json": "{\"a\": 1}\n",
    "Content/files/picture.png": "not really a png",
    "Content/files/photo.jpg": "not really a jpeg",
    "Content/files/font.woff2": "not really a font",
  ]) { $1 }

  /// Starts a server on a copy of `site`; `body` runs while it serves. The server must then
  /// stop cleanly on SIGTERM.
  private func withServer(
    _ files: [String: String] = ServeCommandTests.site,
    _ body: (ServeProcess, TemporarySite) throws -> Void
  ) throws {
    let site = try TemporarySite(files)
    defer { site.remove() }
    let server = try ServeProcess(site: site)
    defer { server.stop() }
    try body(server, site)
    #expect(server.stop() == 0, "\(server.stderr)")
  }

  // MARK: Serving files

  @Test("pages and files are served with their content types; HTML gets the reload script")
  func servesFilesWithContentTypes() throws {
    try withServer { server, site in
      let page = try RawHTTP.request(port: server.port, "/")
      #expect(page.status == 200)
      #expect(page.headers["content-type"] == "text/html; charset=utf-8")
      #expect(page.headers["cache-control"] == "no-store")
      #expect(page.text.contains("Welcome to the"))
      #expect(page.text.contains("data-almanac-generation="))
      #expect(page.text.contains("new EventSource(\"/__almanac/events\")"))
      #expect(
        page.text.range(of: "<script data-almanac-generation")!.lowerBound
          < page.text.range(of: "</body>")!.lowerBound)

      // The script exists only in what the server sends, never in the built files.
      let onDisk = try site.text("Output/index.html")
      #expect(!onDisk.contains("almanac-generation"))
      #expect(!onDisk.contains("__almanac"))

      let expected: [String: String] = [
        "/style.css": "text/css; charset=utf-8",
        "/favicon.svg": "image/svg+xml; charset=utf-8",
        "/feed.xml": "application/xml; charset=utf-8",
        "/sitemap.xml": "application/xml; charset=utf-8",
        "/data/numbers.csv": "text/csv; charset=utf-8",
        "/files/notes.txt": "text/plain; charset=utf-8",
        "/files/info.json": "application/json; charset=utf-8",
        "/files/picture.png": "image/png",
        "/files/photo.jpg": "image/jpeg",
        "/files/font.woff2": "font/woff2",
      ]
      for (path, type) in expected {
        let response = try RawHTTP.request(port: server.port, path)
        #expect(response.status == 200, "\(path): \(response)")
        #expect(response.headers["content-type"] == type, "\(path)")
        #expect(response.headers["x-content-type-options"] == "nosniff", "\(path)")
      }
      let notes = try RawHTTP.request(port: server.port, "/files/notes.txt")
      #expect(notes.text == "plain notes\n")
    }
  }

  @Test("HEAD sends the headers of GET without a body")
  func headRequests() throws {
    try withServer { server, _ in
      let get = try RawHTTP.request(port: server.port, "/articles/a/")
      let head = try RawHTTP.request(port: server.port, "/articles/a/", method: "HEAD")
      #expect(head.status == 200)
      #expect(head.body.isEmpty)
      #expect(head.headers["content-length"] == String(get.body.count))
      let post = try RawHTTP.request(port: server.port, "/", method: "POST")
      #expect(post.status == 405)
      #expect(post.headers["allow"] == "GET, HEAD")
    }
  }

  @Test("a folder is served as its index.html; without the slash it redirects")
  func foldersAndRedirects() throws {
    try withServer { server, _ in
      let redirect = try RawHTTP.request(port: server.port, "/articles/a")
      #expect(redirect.status == 302)
      #expect(redirect.headers["location"] == "/articles/a/")
      let page = try RawHTTP.request(port: server.port, "/articles/a/")
      #expect(page.status == 200)
      #expect(page.text.contains("Article A"))
      let file = try RawHTTP.request(port: server.port, "/articles/a/index.html/")
      #expect(file.status == 404)
    }
  }

  @Test("a missing page gets the site's 404.html with status 404")
  func notFoundPage() throws {
    try withServer { server, site in
      let response = try RawHTTP.request(port: server.port, "/no/such/page/")
      #expect(response.status == 404)
      #expect(response.headers["content-type"] == "text/html; charset=utf-8")
      let notFound = try site.text("Output/404.html")
      let withoutScript = response.text.replacingOccurrences(
        of: #"<script data-almanac-generation=[\s\S]*?</script>"#, with: "",
        options: .regularExpression)
      #expect(withoutScript == notFound)
      #expect(response.text.contains("data-almanac-generation="))
    }
  }

  // MARK: What is never served

  @Test("paths that try to leave the output folder are refused, however they are encoded")
  func refusesTraversal() throws {
    let secret = "top secret \(UUID().uuidString)"
    let outside = FileManager.default.temporaryDirectory
      .appendingPathComponent("almanac-outside-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: outside) }
    try secret.write(
      to: outside.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)

    try withServer { server, site in
      // Links made after the first build, which would otherwise clean them away.
      let manager = FileManager.default
      try manager.createSymbolicLink(
        at: site.url("Output/outside-folder"), withDestinationURL: outside)
      try manager.createSymbolicLink(
        at: site.url("Output/outside-file.txt"),
        withDestinationURL: outside.appendingPathComponent("secret.txt"))
      try secret.write(to: site.url("secret.txt"), atomically: true, encoding: .utf8)
      let depth = site.root.pathComponents.count + 2
      let up = Array(repeating: "..", count: depth).joined(separator: "/")
      let secretPath = outside.appendingPathComponent("secret.txt").path

      let attempts = [
        "/../secret.txt",
        "/\(up)\(secretPath)",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/%2e%2e\(secretPath)",
        "/articles/..%2f..%2fsecret.txt",
        "/articles/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/articles\\..\\..\\secret.txt",
        "/%00/../secret.txt",
        "/index.html%00.txt",
        "//secret.txt",
        "/./secret.txt",
        "/%252e%252e/secret.txt",
        "/outside-folder/secret.txt",
        "/outside-file.txt",
        "/outside-folder/",
        "/%2e%2e",
        "/..",
      ]
      for target in attempts {
        let response = try RawHTTP.request(port: server.port, target)
        #expect([400, 404].contains(response.status), "\(target): \(response)")
        #expect(!response.text.contains(secret), "\(target) leaked the file")
      }
    }
  }

  @Test("hidden files and folders, such as the build manifest, are never served")
  func hidesDotfiles() throws {
    try withServer { server, site in
      let manifest = "{\"secret\": \"\(UUID().uuidString)\"}"
      try site.write("Output/.almanac/manifest.json", manifest)
      try site.write("Output/.gitignore", "*\n")
      try site.write("Output/articles/.draft.html", "<p>draft</p>")
      try FileManager.default.createSymbolicLink(
        at: site.url("Output/manifest-link.json"),
        withDestinationURL: site.url("Output/.almanac/manifest.json"))

      for target in [
        "/.almanac/manifest.json", "/%2ealmanac/manifest.json", "/.almanac/", "/.almanac",
        "/.gitignore", "/articles/.draft.html", "/manifest-link.json",
      ] {
        let response = try RawHTTP.request(port: server.port, target)
        #expect(response.status == 404, "\(target): \(response)")
        #expect(!response.text.contains(manifest), "\(target) leaked the manifest")
      }
    }
  }

  @Test("oversized and malformed requests are rejected")
  func rejectsOversizedRequests() throws {
    try withServer { server, _ in
      let longLine = "GET /" + String(repeating: "a", count: 100_000) + " HTTP/1.1\r\n\r\n"
      let bigHeader =
        "GET / HTTP/1.1\r\nX-Big: " + String(repeating: "b", count: 100_000) + "\r\n\r\n"
      let manyHeaders =
        "GET / HTTP/1.1\r\n" + (0..<500).map { "X-\($0): 1\r\n" }.joined() + "\r\n"
      let garbage = "NOT AN HTTP REQUEST\r\n\r\n"
      let expected = [(longLine, 414), (bigHeader, 431), (manyHeaders, 431), (garbage, 400)]
      for (request, status) in expected {
        let response = try RawHTTP.exchange(port: server.port, raw: Data(request.utf8))
        #expect(response.status == status, "\(request.prefix(40))…: \(response)")
      }

      // The server still answers afterwards.
      let after = try RawHTTP.request(port: server.port, "/")
      #expect(after.status == 200)
    }
  }

  @Test("200 connections at once, beside stalled clients, are all answered")
  func concurrentConnections() throws {
    try withServer { server, _ in
      // Clients that send half a request and then nothing hold only their own connection.
      let stalled = try (0..<10).map { _ in
        let socket = try RawHTTP.connect(port: server.port)
        try RawHTTP.send(Data("GET /sty".utf8), on: socket)
        return socket
      }
      defer { for socket in stalled { close(socket) } }

      let sockets = try (0..<200).map { _ in try RawHTTP.connect(port: server.port) }
      defer { for socket in sockets { close(socket) } }
      let paths = ["/", "/style.css", "/articles/a/", "/feed.xml"]
      for (index, socket) in sockets.enumerated() {
        let request = "GET \(paths[index % paths.count]) HTTP/1.1\r\nConnection: close\r\n\r\n"
        try RawHTTP.send(Data(request.utf8), on: socket)
      }
      var answered = 0
      for socket in sockets {
        var received = Data()
        while true {
          let chunk = RawHTTP.receive(on: socket)
          if chunk.isEmpty { break }
          received.append(chunk)
        }
        if try RawHTTP.parse(received).status == 200 { answered += 1 }
      }
      #expect(answered == 200)
    }
  }

  // MARK: Live reload

  @Test("editing a page rebuilds the site and sends a reload event")
  func reloadsAfterEdit() throws {
    try withServer { server, site in
      let events = try EventStreamClient(port: server.port)
      let first = try #require(events.next(named: "reload"))
      let page = try RawHTTP.request(port: server.port, "/")
      #expect(page.text.contains("data-almanac-generation=\"\(first.data)\""))

      try site.write("Content/index.md", "---\ntitle: Home\n---\nEdited while serving.\n")

      let next = try #require(events.next(named: "reload"), "\(server.stderr)")
      #expect(next.data != first.data)
      let written = try site.text("Output/index.html")
      #expect(written.contains("Edited while serving."))
      let served = try RawHTTP.request(port: server.port, "/")
      #expect(served.text.contains("Edited while serving."))
      #expect(served.text.contains("data-almanac-generation=\"\(next.data)\""))
      #expect(server.stderr.contains("Changed: Content/index.md"))
    }
  }

  @Test("a build error shows as an escaped overlay, keeps the last good build, and clears")
  func errorOverlay() throws {
    try withServer { server, site in
      let events = try EventStreamClient(port: server.port)
      let first = try #require(events.next(named: "reload"))
      let goodConfig = try site.text("Content/site.yml")

      try site.write("Content/site.yml", goodConfig + "<script>alert(1)</script>: 1\n")

      let error = try #require(events.next(named: "build-error"), "\(server.stderr)")
      #expect(error.data.contains("Content/site.yml:"))
      #expect(error.data.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
      #expect(!error.data.contains("<script>"))
      #expect(server.waitForLine(containing: "build failed with 1 error") != nil)
      #expect(server.stderr.contains("Content/site.yml:"))
      // The previous build is still served, and a page opened now learns of the errors.
      let stillServed = try RawHTTP.request(port: server.port, "/")
      #expect(stillServed.text.contains("Welcome to the"))
      let late = try EventStreamClient(port: server.port)
      #expect(late.next(named: "reload")?.data == first.data)
      #expect(late.next()?.name == "build-error")

      try site.write("Content/site.yml", goodConfig)

      let fixed = try #require(events.next(named: "reload"), "\(server.stderr)")
      #expect(fixed.data != first.data)
    }
  }

  // MARK: Starting and stopping

  @Test("Ctrl-C stops the server cleanly")
  func stopsOnInterrupt() throws {
    let site = try TemporarySite(CLITests.goodSite)
    defer { site.remove() }
    let server = try ServeProcess(site: site)
    let events = try EventStreamClient(port: server.port)
    #expect(events.next(named: "reload") != nil)
    #expect(server.stop(with: SIGINT) == 0, "\(server.stderr)")
    #expect(server.stderr.contains("Stopping"))
  }

  @Test("a port already in use is reported with how to fix it")
  func portInUse() throws {
    let site = try TemporarySite(CLITests.goodSite)
    defer { site.remove() }
    let first = try ServeProcess(site: site)
    defer { first.stop() }
    let second = try CLIRunner.run([
      "serve", "--source", site.path, "--port", String(first.port),
    ])
    #expect(second.exitCode == 1, "\(second)")
    #expect(second.stderr.contains("127.0.0.1:\(first.port)/ is already in use"), "\(second)")
    #expect(second.stderr.contains("--port"))
  }

  @Test("--host must be an IP address")
  func invalidHost() throws {
    let result = try CLIRunner.run(["serve", "--host", "example.invalid"])
    #expect(result.exitCode == 2, "\(result)")
    #expect(result.stderr.contains("is not an IP address"))
  }
}
