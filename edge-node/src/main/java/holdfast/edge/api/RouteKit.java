package holdfast.edge.api;

/** What every feature's routes are written with: the guard in front of them, JSON in and out, problem answers. */
public record RouteKit(Guard guard, Json json, Problems problems) {
}
