import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import org.safar.app.state.SyncState
import org.safar.app.state.SyncStateHolder
import java.io.File
import java.net.InetSocketAddress
import java.util.Collections
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

object SyncTest : Suite {
    /** A static file server for [root] on 127.0.0.1; [gate] runs before each answer. */
    private fun serve(root: File, gate: (HttpExchange) -> Unit = {}): HttpServer {
        val server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0)
        server.createContext("/") { exchange ->
            gate(exchange)
            val file = File(root, exchange.requestURI.path.removePrefix("/")).canonicalFile
            if (file.isFile && file.path.startsWith(root.canonicalPath)) {
                val bytes = file.readBytes()
                exchange.sendResponseHeaders(200, bytes.size.toLong())
                exchange.responseBody.use { it.write(bytes) }
            } else {
                exchange.sendResponseHeaders(404, -1)
                exchange.close()
            }
        }
        server.start()
        return server
    }

    private fun url(server: HttpServer) = "http://127.0.0.1:${server.address.port}/"

    override fun run(t: Tests) {
        t.test("a build with no update server says so and does not call the core") {
            val holder = SyncStateHolder(t.freshApp("sync-none"), "  ")
            check(holder.state == SyncState.NotConfigured && holder.sync() == SyncState.NotConfigured) { "${holder.state}" }
        }

        t.test("an update is fetched, verified and applied, with progress along the way") {
            val server = serve(t.updatedRepo)
            try {
                val app = t.freshApp("sync")
                val seen = Collections.synchronizedList(mutableListOf<SyncState>())
                val result = SyncStateHolder(app, url(server), seen::add).sync()
                val done = result as? SyncState.Done ?: throw AssertionError("$result")
                check(done.seq == 2L && done.previousSeq == 1L && !done.upToDate) { "$done" }
                check(done.bytesDownloaded > 0 && done.updatedCollections.isNotEmpty()) { "$done" }
                check(seen.first() is SyncState.Running && seen.last() == done) { "$seen" }
                check(app.status().seq == 2uL) { "applied" }
                val again = SyncStateHolder(app, url(server)).sync()
                check(again is SyncState.Done && again.upToDate) { "second sync: $again" }
            } finally {
                server.stop(0)
            }
        }

        t.test("cancelling stops the update and keeps the last good content") {
            val asked = CountDownLatch(1)
            val release = CountDownLatch(1)
            val server = serve(t.updatedRepo) { asked.countDown(); release.await(30, TimeUnit.SECONDS) }
            try {
                val app = t.freshApp("sync-cancel")
                val holder = SyncStateHolder(app, url(server))
                var result: SyncState? = null
                val worker = thread { result = holder.sync() }
                check(asked.await(30, TimeUnit.SECONDS)) { "the core never asked the server" }
                holder.cancel()
                release.countDown()
                worker.join(60_000)
                check(result == SyncState.Cancelled) { "$result" }
                check(app.status().seq == 1uL) { "unchanged" }
            } finally {
                release.countDown()
                server.stop(0)
            }
        }

        t.test("no server, or a captive portal's HTML, fails and changes nothing") {
            val app = t.freshApp("sync-fail")
            val closed = serve(t.updatedRepo).also { it.stop(0) }
            check(SyncStateHolder(app, url(closed)).sync() is SyncState.Failed) { "connection refused" }
            val portal = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0)
            portal.createContext("/") { exchange ->
                val html = "<html><body>Log in to the Wi-Fi</body></html>".toByteArray()
                exchange.sendResponseHeaders(200, html.size.toLong())
                exchange.responseBody.use { it.write(html) }
            }
            portal.start()
            try {
                check(SyncStateHolder(app, url(portal)).sync() is SyncState.Failed) { "portal" }
            } finally {
                portal.stop(0)
            }
            check(app.status().seq == 1uL) { "unchanged" }
        }
    }
}
