// Focus screen keys that Streamlit's button shortcuts cannot give: R (Streamlit reruns the
// app on R), the arrow keys beside J and K, and E / N / R putting the cursor in the edit,
// note and reject fields. Listens in the capture phase, before Streamlit's own handler;
// installed once per page (a rerun replaces the listener, it never adds a second one).
(function () {
  const fields = { r: "focus-reason-", e: "focus-label-", n: "focus-note-" };
  const buttons = { ArrowRight: "focus-next", ArrowLeft: "focus-previous" };

  function typing(element) {
    return element && (element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName));
  }

  function target(key) {
    if (fields[key]) {
      const box = document.querySelector(`[class*="st-key-${fields[key]}"]`);
      return box && box.querySelector("input, textarea");
    }
    if (buttons[key]) {
      const box = document.querySelector(`.st-key-${buttons[key]}`);
      return box && box.querySelector("button");
    }
    return null;
  }

  function onKey(event) {
    if (!document.querySelector(".st-key-focus-accept")) return; // another screen
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const element = target(key);
    if (!element || element.disabled) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (fields[key]) element.focus();
    else element.click();
  }

  if (window.__workbenchFocusKeys) {
    document.removeEventListener("keydown", window.__workbenchFocusKeys, true);
  }
  window.__workbenchFocusKeys = onKey;
  document.addEventListener("keydown", onKey, true);
})();
