calc guidelines/norrkoping.sir examples/norrkoping/accepted-2019-reflow.toml --plot {tmp}/hump.gif
