"""Request bodies of ``/servers/{id}/tags`` (Nova's ``schemas/server_tags.py``,
microversion 2.26)."""

#: Tags a server may carry (Nova's ``MAX_TAG_COUNT``).
MAX_TAG_COUNT = 50

tag = {'type': 'string', 'minLength': 1, 'maxLength': 60,
       'pattern': '^[^,/]*$'}

update_all = {
    'type': 'object',
    'properties': {'tags': {'type': 'array', 'items': tag,
                            'maxItems': MAX_TAG_COUNT}},
    'required': ['tags'],
    'additionalProperties': False,
}

# PUT /servers/{id}/tags/{tag} takes no body.
update = {'type': 'null'}
