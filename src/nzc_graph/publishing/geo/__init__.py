"""The map of the cities: country outlines decoded from TopoJSON (`topojson`), a projection of
Europe (`projection`), the base map clipped to the frame (`basemap`), the cities' locations from
the graph and their GeoJSON (`locations`), and the SVG that puts them together (`drawing`)."""
