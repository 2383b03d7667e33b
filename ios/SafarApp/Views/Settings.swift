import SafarCore
import SwiftUI
import UniformTypeIdentifiers

extension UTType {
    /// A signed Safar content bundle (declared in Info.plist).
    static let safarBundle = UTType(exportedAs: "org.safar.bundle", conformingTo: .data)
}

struct SettingsView: View {
    @StateObject private var model = SettingsModel()
    @EnvironmentObject private var sync: SyncModel
    @Binding var incomingBundle: URL?
    @State private var wifiOnly = Preferences.wifiOnly
    @State private var importing = false
    @State private var confirmWipe = false
    @State private var editingProfile = false

    var body: some View {
        Form {
            Section(L("settings_profile")) {
                LoadableView(value: model.profile) { p in
                    HStack {
                        Text("\(label(p.origin)) → \(label(p.destination)) · \(label(p.stage))")
                        Spacer()
                        Button(L("settings_edit_profile")) { editingProfile = true }
                    }
                }
            }
            Section(L("settings_content")) {
                LoadableView(value: model.status, retry: model.load) { s in
                    if s.sample { SampleBanner() }
                    if let r = s.repository { Text(r).font(.headline) }
                    if let seq = s.seq { Text(L("settings_version", Int(seq))) }
                    if let p = s.publishedAt { Text(L("settings_published", String(p.prefix(10)))) }
                    if let age = s.contentAgeDays { Text(plural("content_age_days", age)) }
                    if let last = Preferences.lastSyncAt {
                        Text(L("settings_last_update", last.formatted(date: .abbreviated, time: .shortened)))
                    } else {
                        Text(L("settings_never_updated"))
                    }
                }
                Toggle(isOn: $wifiOnly) {
                    VStack(alignment: .leading) {
                        Text(L("settings_wifi_only"))
                        Text(L("settings_wifi_only_hint")).font(.caption)
                    }
                }
                .onChange(of: wifiOnly) { Preferences.wifiOnly = $0 }
                SyncPanel()
            }
            Section(L("bundle_hint")) {
                Button(L("bundle_import")) { importing = true }
                Button(L("bundle_export")) { Task { await model.exportBundle() } }
                switch model.transfer {
                case .idle: EmptyView()
                case .imported(let r):
                    Text(r.upToDate ? L("bundle_up_to_date")
                         : L("bundle_imported", r.updatedCollections.count + r.removedCollections.count))
                case .exported(let url):
                    ShareLink(item: url) { Label(L("bundle_share_title"), systemImage: "square.and.arrow.up") }
                case .failed(let e): ErrorView(error: e)
                }
            }
            Section {
                Button(L("wipe"), role: .destructive) { confirmWipe = true }
                if model.wiped { Text(L("wipe_done")) }
                if let e = model.wipeError { ErrorView(error: e) }
            }
        }
        .navigationTitle(L("nav_settings"))
        .task { await model.load() }
        .fileImporter(isPresented: $importing, allowedContentTypes: [.safarBundle, .data]) { result in
            if case .success(let url) = result { Task { await model.importBundle(from: url) } }
        }
        // A .safar file opened with the app: import it here, where the result is shown.
        .task(id: incomingBundle) {
            guard let url = incomingBundle else { return }
            await model.importBundle(from: url)
            incomingBundle = nil
        }
        .onChange(of: sync.isRunning) { running in if !running { Task { await model.load() } } }
        .confirmationDialog(L("wipe_confirm"), isPresented: $confirmWipe, titleVisibility: .visible) {
            Button(L("delete"), role: .destructive) { Task { await model.wipePersonalData() } }
        }
        .sheet(isPresented: $editingProfile) {
            NavigationStack { OnboardingView { editingProfile = false; Task { await model.load() } } }
        }
    }
}

private struct SyncPanel: View {
    @EnvironmentObject private var sync: SyncModel

    var body: some View {
        switch sync.state {
        case .notConfigured:
            Text(L("sync_not_configured"))
        case .running(let done, let total, let collection):
            Text(L("sync_running", collection))
            if total > 0 { ProgressView(value: Double(done), total: Double(total)) } else { ProgressView() }
            Button(L("sync_stop")) { sync.cancel() }
        default:
            switch sync.state {
            case .done(let s):
                Text(s.upToDate ? L("sync_up_to_date")
                     : L("sync_done", s.updatedCollections.count + s.removedCollections.count))
            case .cancelled: Text(L("sync_cancelled"))
            case .failed(let e):
                Text(L("sync_failed"))
                ErrorView(error: e)
            default: EmptyView()
            }
            Button(L("sync_now")) { Task { await sync.sync() } }
        }
    }
}
