import CoreLocation
import SafarCore
import SwiftUI

/// One coarse position fix for "services near me". Permission is asked only when the user taps
/// "near me" on this screen; nothing is stored or sent.
@MainActor
final class CoarseLocation: NSObject, ObservableObject, CLLocationManagerDelegate {
    private let manager = CLLocationManager()
    private var waiting: CheckedContinuation<CLLocation?, Never>?

    override init() {
        super.init()
        manager.delegate = self
        manager.desiredAccuracy = kCLLocationAccuracyKilometer
    }

    /// nil: refused, location services off, or no fix.
    func request() async -> CLLocation? {
        waiting?.resume(returning: nil)
        return await withCheckedContinuation { continuation in
            waiting = continuation
            switch manager.authorizationStatus {
            case .notDetermined: manager.requestWhenInUseAuthorization()
            case .authorizedWhenInUse, .authorizedAlways: manager.requestLocation()
            default: finish(nil)
            }
        }
    }

    private func finish(_ location: CLLocation?) {
        waiting?.resume(returning: location)
        waiting = nil
    }

    nonisolated func locationManagerDidChangeAuthorization(_ manager: CLLocationManager) {
        Task { @MainActor in
            guard self.waiting != nil else { return }
            switch manager.authorizationStatus {
            case .authorizedWhenInUse, .authorizedAlways: manager.requestLocation()
            case .notDetermined: break
            default: self.finish(nil)
            }
        }
    }

    nonisolated func locationManager(_ manager: CLLocationManager, didUpdateLocations locations: [CLLocation]) {
        Task { @MainActor in self.finish(locations.last) }
    }

    nonisolated func locationManager(_ manager: CLLocationManager, didFailWithError error: Error) {
        Task { @MainActor in self.finish(nil) }
    }
}

struct ServicesView: View {
    @StateObject private var model: ServicesModel
    @StateObject private var location = CoarseLocation()
    @State private var district = ""
    @State private var country: String?
    @State private var radius = Vocabulary.radiiKm[1]
    @State private var locationNote: String?
    @State private var reporting: ReportTarget?

    init(focus: String?) { _model = StateObject(wrappedValue: ServicesModel(focusId: focus)) }

    private func searchNearMe() async {
        guard let fix = await location.request() else {
            locationNote = L("location_unavailable")
            return
        }
        locationNote = nil
        await model.nearMe(latitude: fix.coordinate.latitude, longitude: fix.coordinate.longitude, radiusKm: radius)
    }

    private func searchDistrict() async {
        let region = district.trimmingCharacters(in: .whitespaces)
        model.place = .byRegion(country: country, region: region.isEmpty ? nil : region)
        await model.load()
    }

    var body: some View {
        ScrollViewReader { proxy in
            List {
                Section {
                    Button { Task { await searchNearMe() } } label: {
                        Label(L("near_me"), systemImage: "location.fill").frame(maxWidth: .infinity)
                    }
                    .buttonStyle(.borderedProminent)
                    Text(L("location_why")).font(.caption)
                    if let locationNote { Text(locationNote).foregroundColor(.red) }
                    if case .nearMe = model.place {
                        Picker(L("near_me"), selection: $radius) {
                            ForEach(Vocabulary.radiiKm, id: \.self) { Text(L("within_km", $0)).tag($0) }
                        }
                        .pickerStyle(.segmented)
                        .onChange(of: radius) { _ in Task { await searchNearMe() } }
                    }
                }
                Section(L("by_district")) {
                    ScrollView(.horizontal, showsIndicators: false) {
                        HStack {
                            ForEach(Vocabulary.countries, id: \.self) { c in
                                chip(label(c), selected: country == c) { country = c; await searchDistrict() }
                            }
                        }
                    }
                    TextField(L("district_hint"), text: $district).onSubmit { Task { await searchDistrict() } }
                }
                ScrollView(.horizontal, showsIndicators: false) {
                    HStack {
                        chip(L("all"), selected: model.category == nil) { model.category = nil; await model.load() }
                        ForEach(Vocabulary.serviceCategories, id: \.self) { c in
                            chip(label(c), selected: model.category == c) { model.category = c; await model.load() }
                        }
                    }
                }
                Toggle(L("free_only"), isOn: $model.freeOnly).onChange(of: model.freeOnly) { _ in Task { await model.load() } }
                LoadableView(value: model.services, retry: model.load) { services in
                    if services.isEmpty { Text(L("nothing_here")) }
                    ForEach(services, id: \.id) { s in
                        ServiceRow(service: s, highlighted: s.id == model.focusId) {
                            reporting = ReportTarget(kind: "service", id: s.id)
                        }
                        .id(s.id)
                    }
                }
            }
            .task {
                await model.load()
                if let focus = model.focusId { withAnimation { proxy.scrollTo(focus, anchor: .top) } }
            }
        }
        .navigationTitle(L("nav_services"))
        .sheet(item: $reporting) { ReportProblemSheet(kind: $0.kind, id: $0.id) }
    }
}
