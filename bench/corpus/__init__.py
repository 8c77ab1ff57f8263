"""The corpus benchmark: real and composed plans, their truth, a Decree-30 renderer and the input forms users hold."""
