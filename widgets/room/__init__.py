"""The room, live: learners' answers gathered on a JupyterHub for the trainer.

Three parts, none of which imports ipywidgets, IPython or a topic model:

- :mod:`widgets.room.store`: the service's SQLite store (WAL), one row per record, keyed
  on the record's ``uid`` so a record sent twice is stored once.
- :mod:`widgets.room.service`: a hub-managed JupyterHub service (tornado, the hub's OAuth
  and RBAC scopes) that receives records from learners' kernels and shows the trainer
  how the room answered.
- :mod:`widgets.progress.sync`: the kernel side; :func:`widgets.progress.sync.forward` sends
  each new record (and any the service missed) and never raises into a widget.

:mod:`widgets.room.summary` turns records into the room view's numbers (pure).
"""

#: the service's name on the hub: its URL prefix is ``/services/iop-room/``
SERVICE_NAME = "iop-room"
#: the custom JupyterHub scope that lets a trainer see the room and everyone's records
READ_SCOPE = "custom:iop-room:read"
#: the JupyterHub group of trainers (left out of the room's roster)
TRAINER_GROUP = "trainers"
#: the scope every hub user (and their server's token) needs to send records
ACCESS_SCOPE = f"access:services!service={SERVICE_NAME}"
