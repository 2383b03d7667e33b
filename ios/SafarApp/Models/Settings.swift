import Foundation
import SafarCore

/// Phone-side settings the core does not keep.
enum Preferences {
    private static let defaults = UserDefaults.standard

    /// Update only on Wi-Fi (not on expensive or constrained networks): on by default.
    static var wifiOnly: Bool {
        get { defaults.object(forKey: "wifi_only") as? Bool ?? true }
        set { defaults.set(newValue, forKey: "wifi_only") }
    }

    /// When this phone last finished a sync. nil: never.
    static var lastSyncAt: Date? {
        get { defaults.object(forKey: "last_sync_at") as? Date }
        set { defaults.set(newValue, forKey: "last_sync_at") }
    }

    /// The signed repository this build syncs from (Info.plist SafarUpdateURL); empty: none.
    static var updateURL: String {
        (Bundle.main.object(forInfoDictionaryKey: "SafarUpdateURL") as? String ?? "")
            .trimmingCharacters(in: .whitespaces)
    }
}

@MainActor
final class SettingsModel: ObservableObject {
    enum Transfer { case idle, imported(ImportSummary), exported(URL), failed(UIError) }

    @Published var status: Loadable<ContentStatus> = .loading
    @Published var profile: Loadable<UserProfile> = .loading
    @Published var transfer = Transfer.idle
    @Published var wiped = false
    @Published var wipeError: UIError?

    func load() async {
        status = await Core.shared.load { try $0.status() }
        profile = await Core.shared.load { try $0.profile() }
    }

    /// A picked or shared file: copied into the app's temporary folder (the core reads by path).
    func importBundle(from url: URL) async {
        let scoped = url.startAccessingSecurityScopedResource()
        defer { if scoped { url.stopAccessingSecurityScopedResource() } }
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("incoming.safar")
        do {
            try? FileManager.default.removeItem(at: copy)
            try FileManager.default.copyItem(at: url, to: copy)
        } catch {
            transfer = .failed(UIError(kind: .storage, message: error.localizedDescription))
            return
        }
        do {
            transfer = .imported(try await Core.shared.call { try $0.importBundle(path: copy.path) })
            await load()
        } catch {
            transfer = .failed(error as? UIError ?? UIError(error))
        }
    }

    /// Writes the phone's content as a bundle for the share sheet (AirDrop, messenger, Files).
    func exportBundle() async {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("safar.safar")
        try? FileManager.default.removeItem(at: out)
        do {
            _ = try await Core.shared.call { try $0.exportBundle(path: out.path) }
            transfer = .exported(out)
        } catch {
            transfer = .failed(error as? UIError ?? UIError(error))
        }
    }

    func wipePersonalData() async {
        do {
            try await Core.shared.call { try $0.wipePersonalData() }
            wiped = true
            wipeError = nil
        } catch {
            wipeError = error as? UIError
        }
        await load()
    }
}

/// Forwards the core's progress (called on the syncing thread) to the main actor.
final class ProgressRelay: SyncListener, @unchecked Sendable {
    private let report: @Sendable (UInt64, UInt64, String) -> Void

    init(_ report: @escaping @Sendable (UInt64, UInt64, String) -> Void) { self.report = report }

    func onProgress(bytesDone: UInt64, bytesTotal: UInt64, collection: String) {
        report(bytesDone, bytesTotal, collection)
    }
}

/// Content updates, from the settings screen or the background refresh task.
@MainActor
final class SyncModel: ObservableObject {
    enum State {
        case idle, notConfigured, cancelled
        case running(done: UInt64, total: UInt64, collection: String)
        case done(SyncSummary)
        case failed(UIError)
    }

    @Published var state: State
    private var token: CancelToken?

    init() { state = Preferences.updateURL.isEmpty ? .notConfigured : .idle }

    var isRunning: Bool {
        if case .running = state { return true }
        return false
    }

    /// Returns true when content was brought up to date.
    @discardableResult
    func sync() async -> Bool {
        let url = Preferences.updateURL
        guard !url.isEmpty, !isRunning else { return false }
        let token = CancelToken()
        self.token = token
        state = .running(done: 0, total: 0, collection: "")
        let relay = ProgressRelay { done, total, collection in
            Task { @MainActor [weak self] in
                if self?.isRunning == true { self?.state = .running(done: done, total: total, collection: collection) }
            }
        }
        defer { self.token = nil }
        do {
            let summary = try await Core.shared.sync(url: url, listener: relay, token: token)
            state = .done(summary)
            Preferences.lastSyncAt = Date()
            return true
        } catch {
            state = token.isCancelled() ? .cancelled : .failed(error as? UIError ?? UIError(error))
            return false
        }
    }

    func cancel() { token?.cancel() }
}
