"""The site layer: what spans the content apps (statistics, staff groups, the demo loader)."""
