// The docs sidebar's whole tree. A page's own sidebar lists only what the
// page needs (see docs_sidebar.html); this script fetches the version's tree
// once (`data-tree`, cached by the browser for every page of the version),
// builds it with the same markup, marks the current page and opens the
// groups leading to it. Without this script, or when the page is not in the
// tree (a fallback copy in another language), the page's own sidebar stays.
import { el } from "./portico.js";

const holder = document.querySelector(".docs-sidebar .sidebar-tree[data-tree]");
const here = location.pathname;

// The tree's <ul> under `entries`; true when it holds the current page.
function build(entries, overview, into) {
  const list = el("ul");
  let found = false;
  for (const entry of entries) {
    const li = el("li");
    const link = el("a", "", entry.c ? overview : entry.t);
    link.href = entry.u;
    // Compared as the browser writes paths (percent-encoded, for non-ASCII slugs).
    let current = new URL(entry.u, location.href).pathname === here;
    if (current) link.setAttribute("aria-current", "page");
    if (entry.c) {
      const details = el("details");
      details.append(el("summary", "", entry.t));
      const own = el("ul");
      const item = el("li");
      item.append(link);
      own.append(item);
      details.append(own);
      if (build(entry.c, overview, details)) current = true;
      details.open = current;
      li.append(details);
    } else {
      li.append(link);
    }
    found ||= current;
    list.append(li);
  }
  into.append(list);
  return found;
}

async function swapIn() {
  const response = await fetch(holder.dataset.tree);
  if (!response.ok) return;
  const tree = document.createElement("div");
  if (!build(await response.json(), holder.dataset.overview, tree)) return;
  holder.replaceChildren(...tree.childNodes);
  holder.dataset.whole = "";
  // Every entry is in the sidebar now; the link to the contents page is not needed.
  holder.parentElement.querySelector(".sidebar-contents")?.setAttribute("hidden", "");
}

if (holder) swapIn().catch(() => {});
