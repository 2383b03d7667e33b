import Foundation
import SafarCore

/// What can go wrong, as the UI words it; `message` is the core's own text, fit to show.
struct UIError: Equatable, Error {
    enum Kind: Equatable { case invalidInput, notFound, rejected, storage, `internal` }
    let kind: Kind
    let message: String

    init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    init(_ error: Error) {
        switch error as? SafarError {
        case .InvalidInput(let m): self.init(kind: .invalidInput, message: m)
        case .NotFound(let m): self.init(kind: .notFound, message: m)
        case .Rejected(let m): self.init(kind: .rejected, message: m)
        case .Storage(let m): self.init(kind: .storage, message: m)
        case .Internal(let m): self.init(kind: .internal, message: m)
        case nil: self.init(kind: .internal, message: error.localizedDescription)
        }
    }

    /// The headline in the user's language (the key in Localizable.strings).
    var titleKey: String {
        switch kind {
        case .invalidInput: return "error_invalid_input"
        case .notFound: return "error_not_found"
        case .rejected: return "error_rejected"
        case .storage: return "error_storage"
        case .internal: return "error_internal"
        }
    }
}

/// The result of one core call as a screen shows it.
enum Loadable<T> {
    case loading
    case ready(T)
    case failed(UIError)

    var value: T? {
        if case .ready(let v) = self { return v }
        return nil
    }
}

/// The one SafarApp of the process. Every core call blocks, so every call runs on this serial
/// background queue, never on the main actor; callers `await` the result.
final class Core: @unchecked Sendable {
    static let shared = Core()
    private let queue = DispatchQueue(label: "org.safar.core", qos: .userInitiated)
    private var app: SafarApp?

    /// Opens the database on first use; the first open imports the embedded sample content.
    private func handle() throws -> SafarApp {
        if let app { return app }
        let folder = try FileManager.default.url(
            for: .applicationSupportDirectory, in: .userDomainMask, appropriateFor: nil, create: true)
        let opened = try SafarApp.open(dbPath: folder.appendingPathComponent("safar.db").path)
        app = opened
        return opened
    }

    /// Runs `body` off the main actor. Throws `UIError`.
    func call<T>(_ body: @escaping (SafarApp) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do {
                    continuation.resume(returning: try body(try self.handle()))
                } catch {
                    continuation.resume(throwing: UIError(error))
                }
            }
        }
    }

    /// `call` as a Loadable, for screens.
    func load<T>(_ body: @escaping (SafarApp) throws -> T) async -> Loadable<T> {
        do {
            return .ready(try await call(body))
        } catch {
            return .failed(error as? UIError ?? UIError(error))
        }
    }

    /// A sync runs on its own thread so that reading screens are not held up by a download, and
    /// can be cancelled from any thread through `token`.
    func sync(url: String, listener: SyncListener, token: CancelToken) async throws -> SyncSummary {
        let app = try await call { $0 }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .utility).async {
                do {
                    continuation.resume(returning: try app.sync(url: url, listener: listener, cancel: token))
                } catch {
                    continuation.resume(throwing: UIError(error))
                }
            }
        }
    }
}
