// A drop-down list filter (core/admin_filters.py) opens the list filtered by the chosen option.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-admin-filter-dropdown]");
  if (select) {
    window.location.href = select.value;
  }
});
