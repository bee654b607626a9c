"""The load bench's parts (bench/load.py is the entry point): the scratch database and its data
(scratch), the simulated people and the shared record of their requests (people), and what is
measured and printed (report)."""
