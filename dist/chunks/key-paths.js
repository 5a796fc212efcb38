/**
 * Front-matter fields that hold an image, named as the input `front-matter-keys` names
 * them: dotted paths through maps (`cover.image`), `[]` for each item of a list
 * (`images[]`, `resources[].src`). One notation for YAML, TOML and JSON alike.
 */
/** The default of `front-matter-keys`: the fields themes of the common generators read. */
const FRONT_MATTER_KEYS = [
    "image",
    "image.src",
    "image.path",
    "image.url",
    "cover",
    "cover.image",
    "coverImage",
    "heroImage",
    "hero",
    "thumbnail",
    "banner",
    "og_image",
    "ogImage",
    "socialImage",
    "featured_image",
    "feature_image",
    "featuredImage",
    "images[]",
    "header.image",
    "header.teaser",
    "header.overlay_image",
    "top_img",
    "banner_img",
    "index_img",
];
/** `["resources", 0, "src"]` → `resources[].src`: the notation keys are written in. */
function keyPathOf(steps) {
    let text = "";
    for (const step of steps) {
        if (typeof step === "number")
            text += "[]";
        else
            text += text === "" ? step : `.${step}`;
    }
    return text;
}
/** A key as written in `front-matter-keys`: names joined by dots, each optionally ending in `[]`. */
const KEY_PATH = /^[^.[\]\s]+(?:\[\])*(?:\.[^.[\]\s]+(?:\[\])*)*$/;
function isKeyPath(text) {
    return KEY_PATH.test(text);
}
/** firstNames' answers, per list of keys: a run asks once per content file, with one list. */
const firstNamesOf = new WeakMap();
/** The first names of the paths: a cheap test of whether a front matter can hold any of them. */
function firstNames(keys) {
    let names = firstNamesOf.get(keys);
    if (!names) {
        names = [...new Set(keys.map((key) => key.split(/[.[]/, 1)[0] ?? key))];
        firstNamesOf.set(keys, names);
    }
    return names;
}

export { FRONT_MATTER_KEYS as F, firstNames as f, isKeyPath as i, keyPathOf as k };
