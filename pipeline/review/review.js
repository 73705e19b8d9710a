// Review page behaviour: page tracking (IntersectionObserver), keyboard, kind filters,
// tree ↔ box highlighting, hover tooltip. No network, no libraries.
(() => {
  const pages = Array.from(document.querySelectorAll("section.page"));
  const info = JSON.parse(document.getElementById("elements").textContent);
  const pos = document.getElementById("pos");
  const tip = document.getElementById("tip");
  const filters = document.getElementById("filters");
  let current = 1;
  const ratios = new Map();

  const show = () => { pos.textContent = `page ${current} / ${pages.length}`; };
  const observer = new IntersectionObserver((entries) => {
    for (const e of entries) ratios.set(Number(e.target.dataset.page), e.isIntersecting ? e.intersectionRatio : 0);
    let best = current, bestRatio = -1;
    for (const [page, ratio] of ratios) if (ratio > bestRatio || (ratio === bestRatio && page < best)) { best = page; bestRatio = ratio; }
    if (bestRatio > 0) { current = best; show(); }
  }, { threshold: [0, 0.1, 0.25, 0.5, 0.75, 1] });
  pages.forEach((p) => observer.observe(p));

  const goPage = (n) => {
    current = Math.min(Math.max(n, 1), pages.length);
    document.getElementById(`page-${current}`).scrollIntoView({ block: "start" });
    show();
  };

  // Kind filters: one checkbox per kind, keys 1–9 toggle the first nine.
  const boxes = Array.from(document.querySelectorAll("#legend input[type=checkbox]"));
  const applyFilters = () => {
    filters.textContent = boxes.filter((b) => !b.checked)
      .map((b) => `.box[data-kind="${CSS.escape(b.dataset.kind)}"]{display:none}`).join("\n");
  };
  boxes.forEach((b) => b.addEventListener("change", applyFilters));

  let lit = [];
  const highlight = (id, scrollBox, scrollTree) => {
    lit.forEach((el) => el.classList.remove("hl"));
    if (!id) { lit = []; return; }
    const sel = `[data-id="${CSS.escape(id)}"].box, a.node[data-target="${CSS.escape(id)}"]`;
    lit = Array.from(document.querySelectorAll(sel));
    lit.forEach((el) => el.classList.add("hl"));
    const box = lit.find((el) => el.classList.contains("box"));
    if (box && scrollBox) box.scrollIntoView({ block: "center", inline: "center" });
    const node = lit.find((el) => el.classList.contains("node"));
    if (node && scrollTree) node.scrollIntoView({ block: "nearest" });
  };

  document.getElementById("tree").addEventListener("click", (ev) => {
    const node = ev.target.closest("a.node");
    if (!node) return;
    ev.preventDefault();
    highlight(node.dataset.target, true, false);
  });
  document.getElementById("pages").addEventListener("click", (ev) => {
    const box = ev.target.closest(".box");
    if (box) highlight(box.dataset.id, false, true);
  });

  document.addEventListener("keydown", (ev) => {
    if (ev.target.closest("input, textarea") || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "j" || ev.key === "ArrowRight") goPage(current + 1);
    else if (ev.key === "k" || ev.key === "ArrowLeft") goPage(current - 1);
    else if (ev.key === "Escape") highlight(null);
    else if (/^[1-9]$/.test(ev.key) && boxes[Number(ev.key) - 1]) {
      const b = boxes[Number(ev.key) - 1];
      b.checked = !b.checked;
      applyFilters();
    } else return;
    ev.preventDefault();
  });

  const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
  document.getElementById("pages").addEventListener("mouseover", (ev) => {
    const box = ev.target.closest(".box");
    const item = box && info[box.dataset.id];
    if (!item) { tip.hidden = true; return; }
    const [kind, label, text] = item;
    tip.style.setProperty("--c", getComputedStyle(box).getPropertyValue("--c"));
    tip.innerHTML = `<b>${esc(kind)}</b> ${esc(label)} <small>p.${box.dataset.page}</small>\n${esc(text)}`;
    tip.hidden = false;
  });
  document.getElementById("pages").addEventListener("mousemove", (ev) => {
    if (tip.hidden) return;
    const x = Math.min(ev.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
    const y = ev.clientY + 16 + tip.offsetHeight > window.innerHeight ? ev.clientY - tip.offsetHeight - 10 : ev.clientY + 16;
    tip.style.left = `${x}px`;
    tip.style.top = `${y}px`;
  });
  document.getElementById("pages").addEventListener("mouseleave", () => { tip.hidden = true; });
})();
